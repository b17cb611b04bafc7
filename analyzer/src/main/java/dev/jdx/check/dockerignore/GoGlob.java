package dev.jdx.check.dockerignore;

/** The syntax rules of Go's {@code filepath.Match}, which every ignore pattern must pass ({@code Match(p, ".")}). */
final class GoGlob {
    private GoGlob() {}

    /** Null when Go accepts {@code pattern}, else why it reports {@code ErrBadPattern}. */
    static String syntaxError(String pattern) {
        String rest = pattern;
        while (!rest.isEmpty()) {
            int i = 0;
            while (i < rest.length() && rest.charAt(i) == '*') i++;
            rest = rest.substring(i);
            // scanChunk: a chunk runs to the next '*' outside brackets; backslash skips a character
            boolean inRange = false;
            int j = 0;
            scan:
            for (; j < rest.length(); j++) {
                switch (rest.charAt(j)) {
                    case '\\' -> { if (j + 1 < rest.length()) j++; }
                    case '[' -> inRange = true;
                    case ']' -> inRange = false;
                    case '*' -> { if (!inRange) break scan; }
                    default -> { }
                }
            }
            String problem = chunkError(rest.substring(0, j));
            if (problem != null) return problem;
            rest = rest.substring(j);
        }
        return null;
    }

    /** The well-formedness half of Go's {@code matchChunk}. */
    private static String chunkError(String chunk) {
        int i = 0;
        while (i < chunk.length()) {
            char c = chunk.charAt(i);
            if (c == '[') {
                i++;
                if (i < chunk.length() && chunk.charAt(i) == '^') i++;
                int nrange = 0;
                while (true) {
                    if (i < chunk.length() && chunk.charAt(i) == ']' && nrange > 0) { i++; break; }
                    int[] lo = esc(chunk, i);
                    if (lo == null) return "malformed character class";
                    i = lo[0];
                    if (chunk.charAt(i) == '-') {
                        int[] hi = esc(chunk, i + 1);
                        if (hi == null) return "malformed character range";
                        i = hi[0];
                    }
                    nrange++;
                }
            } else if (c == '\\') {
                if (i + 1 >= chunk.length()) return "trailing backslash";
                i += 2;
            } else {
                i++;
            }
        }
        return null;
    }

    /** Go's {@code getEsc}: the index after one class character, or null for a bad one. */
    private static int[] esc(String chunk, int i) {
        if (i >= chunk.length() || chunk.charAt(i) == '-' || chunk.charAt(i) == ']') return null;
        if (chunk.charAt(i) == '\\') {
            i++;
            if (i >= chunk.length()) return null;
        }
        i += Character.charCount(chunk.codePointAt(i));
        if (i >= chunk.length()) return null;
        return new int[] {i};
    }
}
