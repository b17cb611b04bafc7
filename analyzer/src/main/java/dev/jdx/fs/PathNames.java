package dev.jdx.fs;

import dev.jdx.image.ImageFormatException;

/** Normalises tar member names to absolute paths and rejects the unsafe ones. */
final class PathNames {
    private PathNames() {}

    /** The parent directory of a normalised path ({@code /} for top-level paths and the root). */
    static String parentOf(String path) {
        int i = path.lastIndexOf('/');
        return i <= 0 ? "/" : path.substring(0, i);
    }

    /**
     * {@code ./usr//bin/} → {@code /usr/bin}; {@code ./} → {@code /}. A {@code ..} element is rejected: image layers
     * never need one and extracting it would escape the root.
     */
    static String normalise(String name, String what) throws ImageFormatException {
        if (name.indexOf('\0') >= 0) throw new ImageFormatException(what + ": entry name contains a NUL byte");
        StringBuilder sb = new StringBuilder(name.length() + 1);
        int i = 0, n = name.length();
        while (i < n) {
            int j = name.indexOf('/', i);
            if (j < 0) j = n;
            int len = j - i;
            if (len == 0 || (len == 1 && name.charAt(i) == '.')) {
                // empty or "." element: skip
            } else if (len == 2 && name.charAt(i) == '.' && name.charAt(i + 1) == '.') {
                throw new ImageFormatException(what + ": unsafe entry name '" + printable(name) + "' (contains ..)");
            } else {
                sb.append('/').append(name, i, j);
            }
            i = j + 1;
        }
        return sb.isEmpty() ? "/" : sb.toString();
    }

    static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < s.length() && k < 200; k++) {
            char c = s.charAt(k);
            sb.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return sb.toString();
    }
}
