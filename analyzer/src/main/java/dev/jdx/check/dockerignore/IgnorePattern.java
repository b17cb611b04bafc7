package dev.jdx.check.dockerignore;

/**
 * One pattern of an ignore file after the builder's normalisation.
 *
 * @param text      the cleaned pattern without the leading {@code !} (what the matcher compiles)
 * @param exclusion true for a {@code !} exception, which re-includes what it matches
 * @param line      1-based line in the ignore file, or 0 for a pattern the builder adds itself
 * @param raw       the line as written (for messages)
 */
public record IgnorePattern(String text, boolean exclusion, int line, String raw) {
    /** The pattern as the builder's matcher sees it, {@code !} included. */
    public String normalized() {
        return exclusion ? "!" + text : text;
    }

    /** True when the pattern uses a wildcard, a class or an escape ({@code *[]?^\}, as BuildKit tests it). */
    public boolean hasWildcards() {
        for (char c : text.toCharArray()) if ("*[]?^\\".indexOf(c) >= 0) return true;
        return false;
    }
}
