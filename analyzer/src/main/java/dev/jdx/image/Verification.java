package dev.jdx.image;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What to do when content does not match its digest: fail ({@link #strict()}) or record a warning and go on
 * ({@code --no-verify}). Warnings are collected so the report can show them.
 */
public final class Verification {
    private final boolean strict;
    private final List<String> warnings = new CopyOnWriteArrayList<>();

    private Verification(boolean strict) {
        this.strict = strict;
    }

    public static Verification strict() {
        return new Verification(true);
    }

    public static Verification warnOnly() {
        return new Verification(false);
    }

    public boolean isStrict() {
        return strict;
    }

    /** Throws the mismatch when strict, else records it as a warning. */
    public void mismatch(DigestMismatchException e) throws DigestMismatchException {
        if (strict) throw e;
        warn(e.getMessage());
    }

    /** Checks {@code actual} against {@code expected}; a null expectation is not checked. */
    public void check(String what, Digest expected, Digest actual) throws DigestMismatchException {
        if (expected != null && !Objects.equals(expected, actual)) mismatch(new DigestMismatchException(what, expected, actual));
    }

    public void warn(String message) {
        warnings.add(message);
    }

    public List<String> warnings() {
        return List.copyOf(warnings);
    }
}
