package dev.jdx.analysis;

import java.util.Locale;

/**
 * Human-readable byte sizes in SI units as docker and dive print them ({@code 512 B}, {@code 1.2 MB},
 * {@code 340 MB}): the one formatter of the reports, the HTML view and the progress line.
 */
public final class Sizes {
    private Sizes() {}

    public static String human(long bytes) {
        if (bytes < 1000) return bytes + " B";
        String units = "kMGTPE";
        double v = bytes;
        int u = -1;
        while (v >= 1000 && u < units.length() - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, v >= 100 ? "%.0f %sB" : "%.1f %sB", v, units.charAt(u));
    }
}
