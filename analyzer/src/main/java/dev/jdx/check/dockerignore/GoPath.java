package dev.jdx.check.dockerignore;

import java.util.ArrayList;
import java.util.List;

/** Go's {@code path/filepath} helpers on slash-separated paths, as the Go builders apply them. */
final class GoPath {
    private GoPath() {}

    /** Go's {@code filepath.Clean}: drops empty and {@code .} elements, resolves {@code ..} lexically. */
    static String clean(String path) {
        if (path.isEmpty()) return ".";
        boolean rooted = path.charAt(0) == '/';
        List<String> out = new ArrayList<>();
        for (String e : path.split("/", -1)) {
            if (e.isEmpty() || e.equals(".")) continue;
            if (e.equals("..")) {
                if (!out.isEmpty() && !out.get(out.size() - 1).equals("..")) out.remove(out.size() - 1);
                else if (!rooted) out.add("..");
                continue;
            }
            out.add(e);
        }
        String joined = String.join("/", out);
        if (rooted) return "/" + joined;
        return joined.isEmpty() ? "." : joined;
    }

    /** Go's {@code filepath.Dir} on a relative, clean path: {@code "a/b"} gives {@code "a"}, {@code "a"} gives {@code "."}. */
    static String dir(String path) {
        int i = path.lastIndexOf('/');
        if (i < 0) return ".";
        return clean(path.substring(0, i + 1));
    }

    /** Go's {@code strings.TrimSpace}: trims Unicode white space (and ASCII controls Go counts as space). */
    static String trimSpace(String s) {
        int b = 0, e = s.length();
        while (b < e && isSpace(s.charAt(b))) b++;
        while (e > b && isSpace(s.charAt(e - 1))) e--;
        return s.substring(b, e);
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == '\f' || c == 0x85 || c == 0xA0
                || Character.isSpaceChar(c);
    }
}
