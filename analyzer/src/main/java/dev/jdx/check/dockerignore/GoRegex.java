package dev.jdx.check.dockerignore;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Translates the Go (RE2) regular expressions that patternmatcher generates into {@link java.util.regex.Pattern}s
 * with the same meaning. Patterns pass {@code [}, {@code ]} and (in old Docker) {@code + ( ) | { }} through to the
 * regex unescaped, so a faithful matcher must read them the way Go's parser does.
 */
final class GoRegex {
    private GoRegex() {}

    /** Compiles Go regex source; throws IllegalArgumentException where Go's {@code regexp.Compile} fails. */
    static Pattern compile(String go) {
        StringBuilder j = new StringBuilder();
        int i = 0;
        int n = go.length();
        while (i < n) {
            int c = go.codePointAt(i);
            i += Character.charCount(c);
            switch (c) {
                case '\\' -> {
                    if (i >= n) throw new IllegalArgumentException("trailing backslash at end of expression");
                    int e = go.codePointAt(i);
                    i += Character.charCount(e);
                    j.append(escape(e, false));
                }
                case '[' -> i = charClass(go, i, j);
                case '$' -> j.append("\\z");
                case '{' -> {
                    // Go reads '{' literally unless it starts a valid repetition
                    var m = Pattern.compile("^\\{\\d+(,\\d*)?}").matcher(go.substring(i - 1));
                    j.append(m.find() ? "{" : "\\{");
                }
                default -> j.appendCodePoint(c);
            }
        }
        try {
            return Pattern.compile(j.toString(), Pattern.UNIX_LINES);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(e.getDescription());
        }
    }

    private static String escape(int e, boolean inClass) {
        if (e < 128 && !Character.isLetterOrDigit(e)) return "\\" + (char) e;
        return switch (e) {
            case 'd', 'D', 's', 'S', 'w', 'W' -> "\\" + (char) e;
            case 'b', 'B' -> {
                if (inClass) throw new IllegalArgumentException("invalid escape sequence \\" + (char) e);
                yield "\\" + (char) e;
            }
            case 'A' -> inClass ? bad(e) : "\\A";
            case 'z' -> inClass ? bad(e) : "\\z";
            case 't' -> "\\t";
            case 'n' -> "\\n";
            case 'r' -> "\\r";
            case 'f' -> "\\f";
            case 'v' -> "\\x0B";
            case 'a' -> "\\x07";
            default -> bad(e);
        };
    }

    private static String bad(int e) {
        throw new IllegalArgumentException("invalid escape sequence \\" + Character.toString(e));
    }

    private static String lit(int c) {
        return "\\x{" + Integer.toHexString(c) + "}";
    }

    /** Parses a Go class starting after '[', appends the Java equivalent, returns the index after ']'. */
    private static int charClass(String go, int i, StringBuilder j) {
        int n = go.length();
        StringBuilder body = new StringBuilder();
        boolean negate = false;
        if (i < n && go.charAt(i) == '^') { negate = true; i++; }
        boolean first = true;
        while (true) {
            if (i >= n) throw new IllegalArgumentException("missing closing ]");
            int c = go.codePointAt(i);
            if (c == ']' && !first) { i++; break; }
            first = false;
            if (c == '[' && go.startsWith("[:", i)) {
                int end = go.indexOf(":]", i + 2);
                if (end >= 0) {
                    String name = go.substring(i + 2, end);
                    boolean neg = name.startsWith("^");
                    if (neg) name = name.substring(1);
                    String p = posix(name);
                    if (p != null) {
                        body.append(neg ? "[^" + p + "]" : "[" + p + "]");
                        i = end + 2;
                        continue;
                    }
                }
            }
            // one item: a character (maybe escaped) or a perl class, maybe the start of a range
            int lo;
            if (c == '\\') {
                if (i + 1 >= n) throw new IllegalArgumentException("trailing backslash at end of expression");
                int e = go.codePointAt(i + 1);
                i += 1 + Character.charCount(e);
                if ("dDsSwW".indexOf(e) >= 0) { body.append('\\').appendCodePoint(e); continue; }
                String s = escape(e, true);
                lo = s.length() == 2 && s.charAt(0) == '\\' && !Character.isLetter(s.charAt(1)) ? s.charAt(1) : switch (e) {
                    case 't' -> '\t'; case 'n' -> '\n'; case 'r' -> '\r'; case 'f' -> '\f'; case 'v' -> 0x0B; case 'a' -> 7;
                    default -> e;
                };
            } else {
                lo = c;
                i += Character.charCount(c);
            }
            int hi = lo;
            if (i + 1 < n && go.charAt(i) == '-' && go.charAt(i + 1) != ']') {
                i++;
                int h = go.codePointAt(i);
                if (h == '\\') {
                    if (i + 1 >= n) throw new IllegalArgumentException("trailing backslash at end of expression");
                    h = go.codePointAt(i + 1);
                    i += 1 + Character.charCount(h);
                    String s = escape(h, true);
                    if (s.length() != 2 || Character.isLetter(s.charAt(1))) {
                        h = switch (h) { case 't' -> '\t'; case 'n' -> '\n'; case 'r' -> '\r'; case 'f' -> '\f'; case 'v' -> 0x0B; case 'a' -> 7;
                            default -> throw new IllegalArgumentException("invalid character class range"); };
                    }
                } else {
                    i += Character.charCount(h);
                }
                hi = h;
                if (hi < lo) throw new IllegalArgumentException("invalid character class range");
            }
            body.append(lit(lo));
            if (hi != lo) body.append('-').append(lit(hi));
        }
        if (body.isEmpty()) throw new IllegalArgumentException("missing closing ]");
        j.append('[').append(negate ? "^" : "").append(body).append(']');
        return i;
    }

    private static String posix(String name) {
        return switch (name) {
            case "alnum" -> "0-9A-Za-z";
            case "alpha" -> "A-Za-z";
            case "ascii" -> "\\x00-\\x7F";
            case "blank" -> "\\t ";
            case "cntrl" -> "\\x00-\\x1F\\x7F";
            case "digit" -> "0-9";
            case "graph" -> "!-~";
            case "lower" -> "a-z";
            case "print" -> " -~";
            case "punct" -> "!-/:-@\\[-`{-~";
            case "space" -> "\\t\\n\\x0B\\f\\r ";
            case "upper" -> "A-Z";
            case "word" -> "0-9A-Za-z_";
            case "xdigit" -> "0-9A-Fa-f";
            default -> null;
        };
    }
}
