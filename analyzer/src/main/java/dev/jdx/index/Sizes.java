package dev.jdx.index;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte sizes as people write them: SI units are powers of 1000 ({@code 10MB} = 10,000,000; {@code k}, {@code kB},
 * {@code M}, {@code G}, {@code T} likewise) and IEC units powers of 1024 ({@code 10MiB} = 10,485,760; {@code Ki},
 * {@code KiB}, ...). Units are case-insensitive; a bare number is bytes; decimals are allowed ({@code 1.5GB}).
 * The same convention as dive's {@code .dive-ci} byte values.
 */
public final class Sizes {
    private Sizes() {}

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?|\\.\\d+)\\s*([a-zA-Z]*)");

    /** Parses a size; throws {@link IllegalArgumentException} naming the bad value. */
    public static long parse(String text) {
        if (text == null) throw new IllegalArgumentException("missing size");
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("bad size '" + text + "' (expected a number with an optional unit: 10MB, 1.5GiB, 512k)");
        }
        long unit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "", "b" -> 1L;
            case "k", "kb" -> 1000L;
            case "m", "mb" -> 1000L * 1000;
            case "g", "gb" -> 1000L * 1000 * 1000;
            case "t", "tb" -> 1000L * 1000 * 1000 * 1000;
            case "ki", "kib" -> 1L << 10;
            case "mi", "mib" -> 1L << 20;
            case "gi", "gib" -> 1L << 30;
            case "ti", "tib" -> 1L << 40;
            default -> throw new IllegalArgumentException("bad size unit '" + m.group(2) + "' in '" + text
                    + "' (use B, kB, MB, GB, TB for powers of 1000 or KiB, MiB, GiB, TiB for powers of 1024)");
        };
        try {
            return new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)).setScale(0, java.math.RoundingMode.HALF_UP)
                    .longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("size '" + text + "' is too large");
        }
    }

    /** A short human form in SI units, as {@code docker images} shows sizes: {@code 512 B}, {@code 1.5 kB}, {@code 12 MB}. */
    public static String format(long bytes) {
        if (bytes < 0) return "-";
        if (bytes < 1000) return bytes + " B";
        String[] units = {"kB", "MB", "GB", "TB", "PB", "EB"};
        double v = bytes;
        int u = -1;
        while (v >= 999.95 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return (v < 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.0f", v)) + " " + units[u];
    }
}
