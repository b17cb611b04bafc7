package dev.jdx.check.dockerfile;

import java.util.function.Consumer;
import java.util.function.Function;

/** Dockerfile variable substitution: {@code $X}, {@code ${X}}, {@code ${X:-w}}, {@code ${X-w}}, {@code ${X:+w}}, {@code ${X+w}}. */
final class Vars {
    private Vars() {}

    /**
     * Expands {@code text}; {@code lookup} returns null for an unset variable; {@code undefined} hears each plain
     * reference ({@code $X}, {@code ${X}}) to an unset one.
     */
    static String expand(String text, char escape, Function<String, String> lookup, Consumer<String> undefined) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == escape && i + 1 < n && text.charAt(i + 1) == '$') {
                out.append('$');
                i += 2;
                continue;
            }
            if (c != '$' || i + 1 >= n) {
                out.append(c);
                i++;
                continue;
            }
            char d = text.charAt(i + 1);
            if (d == '{') {
                int close = matchingBrace(text, i + 2);
                if (close < 0) { out.append(text.substring(i)); break; }
                String body = text.substring(i + 2, close);
                int k = 0;
                while (k < body.length() && (Character.isLetterOrDigit(body.charAt(k)) || body.charAt(k) == '_')) k++;
                String name = body.substring(0, k);
                String op = body.substring(k);
                String value = lookup.apply(name);
                if (op.isEmpty()) {
                    if (value == null && undefined != null && !name.isEmpty()) undefined.accept(name);
                    out.append(value == null ? "" : value);
                } else if (op.startsWith(":-") || op.startsWith("-")) {
                    String word = op.substring(op.startsWith(":") ? 2 : 1);
                    boolean useWord = value == null || (op.startsWith(":") && value.isEmpty());
                    out.append(useWord ? expand(word, escape, lookup, undefined) : value);
                } else if (op.startsWith(":+") || op.startsWith("+")) {
                    String word = op.substring(op.startsWith(":") ? 2 : 1);
                    boolean set = value != null && !(op.startsWith(":") && value.isEmpty());
                    out.append(set ? expand(word, escape, lookup, undefined) : "");
                } else {
                    // ${X:?msg}, ${X#p}, ${X%p} ...: keep the value, no undefined report
                    out.append(value == null ? "" : value);
                }
                i = close + 1;
            } else if (Character.isLetter(d) || d == '_') {
                int k = i + 1;
                while (k < n && (Character.isLetterOrDigit(text.charAt(k)) || text.charAt(k) == '_')) k++;
                String name = text.substring(i + 1, k);
                String value = lookup.apply(name);
                if (value == null && undefined != null) undefined.accept(name);
                out.append(value == null ? "" : value);
                i = k;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static int matchingBrace(String s, int from) {
        int depth = 1;
        for (int i = from; i < s.length(); i++) {
            if (s.charAt(i) == '{') depth++;
            else if (s.charAt(i) == '}' && --depth == 0) return i;
        }
        return -1;
    }
}
