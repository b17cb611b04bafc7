package dev.jdx.check;

import java.util.Locale;

/** How much a finding matters, from {@link #INFO} to {@link #CRITICAL}; ordered, so thresholds compare. */
public enum Severity {
    INFO, LOW, MEDIUM, HIGH, CRITICAL;

    /** Parses a severity name, case-insensitively ({@code "high"}, {@code "HIGH"}). */
    public static Severity parse(String text) {
        if (text == null) throw new IllegalArgumentException("missing severity (expected one of info, low, medium, high, critical)");
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown severity '" + text + "' (expected one of info, low, medium, high, critical)");
        }
    }

    /** True when this severity is at least {@code threshold}. */
    public boolean atLeast(Severity threshold) {
        return compareTo(threshold) >= 0;
    }

    /** The lower-case name used in output and configuration. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
