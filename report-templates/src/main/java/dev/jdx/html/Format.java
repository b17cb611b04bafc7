package dev.jdx.html;

import dev.jdx.analysis.Sizes;
import java.util.List;
import java.util.Locale;

/** Small display formatters shared by the view records. */
final class Format {
    private Format() {}

    static String bytes(long b) {
        return Sizes.human(b);
    }

    /** {@code sha256:0123456789ab…} → {@code sha256:0123456789ab}. */
    static String shortDigest(String digest) {
        if (digest == null) return null;
        int colon = digest.indexOf(':');
        int end = Math.min(digest.length(), colon + 1 + 12);
        return digest.substring(0, end);
    }

    static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.1f %%", ratio * 100);
    }

    /** An exec-form argument list as a shell would read it: words quoted only when needed. */
    static String argv(List<String> args) {
        if (args == null || args.isEmpty()) return null;
        StringBuilder sb = new StringBuilder();
        for (String a : args) {
            if (!sb.isEmpty()) sb.append(' ');
            sb.append(a.matches("[A-Za-z0-9_@%+=:,./-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return sb.toString();
    }
}
