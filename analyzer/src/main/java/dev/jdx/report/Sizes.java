package dev.jdx.report;

import java.util.Locale;

/** Human-readable byte counts in SI units (kB = 1000 B), as docker and dive print them. */
public final class Sizes {
    private Sizes() {}

    public static String human(long bytes) {
        if (bytes < 1000) return bytes + " B";
        String[] units = {"kB", "MB", "GB", "TB", "PB"};
        double v = bytes;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : "%.1f %s", v, units[u]);
    }
}
