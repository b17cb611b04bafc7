package dev.jdx.check;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte sizes as people write them in CI configuration: {@code 20MB} (SI, 20 000 000), {@code 20MiB} (IEC,
 * 20 971 520), {@code 1.5 GB}, {@code 512}; units case-insensitive, {@code M} meaning {@code MB}, as go-humanize's
 * {@code ParseBytes} (which dive uses) reads them.
 */
public final class ByteSize {
    private ByteSize() {}

    private static final Pattern SIZE = Pattern.compile("^\\s*([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)\\s*([a-zA-Z]*)\\s*$");
    private static final Map<String, Long> UNITS = Map.ofEntries(
            Map.entry("", 1L), Map.entry("b", 1L),
            Map.entry("k", 1000L), Map.entry("kb", 1000L), Map.entry("ki", 1L << 10), Map.entry("kib", 1L << 10),
            Map.entry("m", 1000_000L), Map.entry("mb", 1000_000L), Map.entry("mi", 1L << 20), Map.entry("mib", 1L << 20),
            Map.entry("g", 1000_000_000L), Map.entry("gb", 1000_000_000L), Map.entry("gi", 1L << 30), Map.entry("gib", 1L << 30),
            Map.entry("t", 1000_000_000_000L), Map.entry("tb", 1000_000_000_000L), Map.entry("ti", 1L << 40), Map.entry("tib", 1L << 40),
            Map.entry("p", 1000_000_000_000_000L), Map.entry("pb", 1000_000_000_000_000L), Map.entry("pi", 1L << 50), Map.entry("pib", 1L << 50));

    /** The number of bytes {@code text} means; IllegalArgumentException saying what is accepted otherwise. */
    public static long parse(String text) {
        Matcher m = SIZE.matcher(text == null ? "" : text);
        Long unit = m.matches() ? UNITS.get(m.group(2).toLowerCase(Locale.ROOT)) : null;
        if (unit == null) {
            throw new IllegalArgumentException("'" + text + "' is not a byte size (e.g. 20MB, 20MiB, 1.5GB, 1048576)");
        }
        return new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)).longValue();
    }

    /** {@code 20.0 MB (20000000 bytes)}-style text: SI units, as dive prints sizes. */
    public static String format(long bytes) {
        return format(bytes, 1000, new String[] {"kB", "MB", "GB", "TB", "PB"});
    }

    /** {@code 1.5 MiB}-style text: IEC units (powers of 1024), one decimal, as build-context messages print sizes. */
    public static String formatIec(long bytes) {
        return format(bytes, 1024, new String[] {"KiB", "MiB", "GiB", "TiB"});
    }

    private static String format(long bytes, int base, String[] units) {
        if (bytes < base) return bytes + " B";
        double v = bytes;
        int i = -1;
        while (v >= base && i < units.length - 1) {
            v /= base;
            i++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[i]);
    }
}
