package dev.jdx.check;

import java.util.Objects;

/**
 * A check: a stable id ({@code JDX-D001}), its default severity, a short title, why it matters and how to fix it.
 *
 * @param id       stable identifier, never reused for another meaning
 * @param severity default severity (a {@link LintConfig} may override it)
 * @param title    one-line summary of what the check finds
 * @param why      why the finding matters
 * @param fix      what to do about it
 */
public record Check(String id, Severity severity, String title, String why, String fix) {
    public Check {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(why, "why");
        Objects.requireNonNull(fix, "fix");
    }

    /** A finding of this check at {@code file:line} with its default severity. */
    public Finding at(String file, int line, String message) {
        return new Finding(id, severity, message, file, line > 0 ? line : null, null, why, fix);
    }

    /** A finding of this check about a path inside an image (no file or line). */
    public Finding inImage(String imagePath, String message) {
        return new Finding(id, severity, message, null, null, imagePath, why, fix);
    }

    /** A finding of this check about a path inside an image, written by layer {@code layer} (0 = bottom). */
    public Finding inLayer(String imagePath, int layer, String message) {
        return new Finding(id, severity, message, null, null, imagePath, why, fix, layer);
    }
}
