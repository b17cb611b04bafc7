package dev.jdx.index;

import java.util.Arrays;

/**
 * Turns jdx's friendlier query text into Lucene classic query syntax, remembering where each output character came
 * from so parse errors can point into the text the user typed.
 *
 * <ul>
 *   <li>{@code /} is escaped everywhere outside quotes: paths are the main thing people search, and Lucene would
 *       read {@code /usr/lib/} as a regular expression (jdx does not offer regex queries; use wildcards).</li>
 *   <li>Every {@code :} after the first in a clause is escaped, so {@code image:sha256:ab12*} and
 *       {@code label:a=b:c} need no quoting.</li>
 *   <li>{@code field:>V}, {@code >=}, {@code <}, {@code <=} become {@code field:{V TO *]}, {@code [V TO *]},
 *       {@code [* TO V}}, {@code [* TO V]}.</li>
 * </ul>
 */
final class QueryRewriter {
    private final StringBuilder out = new StringBuilder();
    private int[] from = new int[16];

    /** The rewritten text and, per character of it, the 0-based offset in the original it came from. */
    record Rewritten(String text, int[] origin) {
        /** The original offset for a 0-based offset in the rewritten text (clamped to the end). */
        int originalOffset(int rewrittenOffset, int originalLength) {
            if (rewrittenOffset < 0) return 0;
            if (rewrittenOffset >= origin.length) return originalLength;
            return origin[rewrittenOffset];
        }
    }

    static Rewritten rewrite(String q) {
        QueryRewriter w = new QueryRewriter();
        w.run(q);
        return new Rewritten(w.out.toString(), Arrays.copyOf(w.from, w.out.length()));
    }

    private void emit(char c, int origin) {
        if (out.length() == from.length) from = Arrays.copyOf(from, from.length * 2);
        from[out.length()] = origin;
        out.append(c);
    }

    private void emit(String s, int origin) {
        for (int i = 0; i < s.length(); i++) emit(s.charAt(i), origin);
    }

    private void run(String q) {
        boolean inQuotes = false;
        int rangeDepth = 0;
        int colons = 0;
        int n = q.length();
        for (int i = 0; i < n; i++) {
            char c = q.charAt(i);
            if (c == '\\' && i + 1 < n) {
                emit(c, i);
                emit(q.charAt(i + 1), i + 1);
                i++;
                continue;
            }
            if (inQuotes) {
                emit(c, i);
                if (c == '"') inQuotes = false;
                continue;
            }
            switch (c) {
                case '"' -> {
                    inQuotes = true;
                    emit(c, i);
                }
                case ' ', '\t', '\n', '\r', '(', ')' -> {
                    if (rangeDepth == 0) colons = 0;
                    emit(c, i);
                }
                case '[', '{' -> {
                    rangeDepth++;
                    emit(c, i);
                }
                case ']', '}' -> {
                    rangeDepth = Math.max(0, rangeDepth - 1);
                    emit(c, i);
                }
                case '/' -> {
                    emit('\\', i);
                    emit(c, i);
                }
                case ':' -> {
                    if (rangeDepth > 0 || colons > 0) {
                        emit('\\', i);
                        emit(c, i);
                    } else {
                        colons++;
                        emit(c, i);
                        i = comparison(q, i + 1) - 1;
                    }
                }
                default -> emit(c, i);
            }
        }
    }

    /** At {@code start} (just after a field's colon): rewrites {@code >V} etc.; returns the index to go on from. */
    private int comparison(String q, int start) {
        int n = q.length();
        if (start >= n || (q.charAt(start) != '>' && q.charAt(start) != '<')) return start;
        boolean greater = q.charAt(start) == '>';
        int i = start + 1;
        boolean inclusive = i < n && q.charAt(i) == '=';
        if (inclusive) i++;
        int valueStart = i;
        while (i < n && !Character.isWhitespace(q.charAt(i)) && q.charAt(i) != ')') {
            if (q.charAt(i) == '\\' && i + 1 < n) i++;
            i++;
        }
        if (i == valueStart) {
            // nothing to compare with: leave the operator for the parser to reject at this position
            emit(q.charAt(start), start);
            return start + 1;
        }
        if (greater) {
            emit(inclusive ? "[" : "{", start);
            copyValue(q, valueStart, i);
            emit(" TO *]", i - 1);
        } else {
            emit("[* TO ", start);
            copyValue(q, valueStart, i);
            emit(inclusive ? "]" : "}", i - 1);
        }
        return i;
    }

    private void copyValue(String q, int from, int to) {
        for (int k = from; k < to; k++) {
            char c = q.charAt(k);
            if (c == '\\' && k + 1 < to) {
                emit(c, k);
                emit(q.charAt(k + 1), k + 1);
                k++;
                continue;
            }
            // inside a range, characters that would end or split it are escaped
            if (c == '/' || c == ':' || c == ']' || c == '}' || c == '[' || c == '{' || c == '"') emit('\\', k);
            emit(c, k);
        }
    }
}
