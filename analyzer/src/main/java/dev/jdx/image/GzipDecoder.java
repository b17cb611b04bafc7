package dev.jdx.image;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Decodes gzip streams: with ISA-L's igzip (Intel's Intelligent Storage Acceleration Library, {@code libisal.so.2},
 * Debian package {@code libisal2}) when it is installed and the JVM is 22 or newer, else with the JDK's zlib.
 *
 * <p>Why: inflating is the largest single cost of reading a gzip image. igzip inflates the L benchmark image's layers
 * in less than half the CPU time zlib needs (1.5 s against 3.2 s), with the same output and the same checks (CRC-32 and length of every
 * member). It is called through the foreign-function API, final in Java 22, so that code is compiled for release 22
 * into {@code META-INF/versions/22} of this multi-release jar ({@code src/main/java22}); on Java 21, where those classes
 * are invisible, and wherever the library is missing or fails its self-test, the JDK's decoder is used.
 *
 * <p>ISA-L is started by the first stream of {@link #START_FROM} or more. {@code JDX_INFLATE=jdk} turns it off (to
 * compare, or to rule it out when something looks wrong); {@code JDX_INFLATE=isal} uses it for every stream.
 */
public final class GzipDecoder {
    /** A native decoder; implemented in {@code src/main/java22}. */
    public interface Native {
        /** A stream of the decompressed bytes of every gzip member of {@code in}. Truncated input throws
         *  {@link java.io.EOFException}, corrupt input {@link java.util.zip.ZipException}, as the JDK's decoder does. */
        InputStream open(InputStream in) throws IOException;

        /** Names the library (shown with {@code JDX_TIMINGS=1}). */
        String description();
    }

    private static final String NATIVE_CLASS = "dev.jdx.image.isal.IsalGzip";
    /**
     * A stream this large (compressed) starts ISA-L. Starting it costs 0.1-0.2 s once per JVM (the foreign-function
     * linker generates its call stubs), about what igzip saves on 64 MiB of layer, so images of small layers never
     * pay it; a 5 MB image inspects as fast as before.
     */
    static final long START_FROM = 32L << 20;
    /** Once started, ISA-L decodes every stream but the smallest (each takes 400 KiB of native buffers). */
    static final long USE_FROM = 1L << 20;
    private static volatile boolean started;

    /** {@code JDX_INFLATE} (or {@code -Djdx.inflate}): auto (default), isal (for every stream), jdk (never ISA-L). */
    private enum Mode { AUTO, ISAL, JDK }

    private static final Mode MODE = mode(System.getProperty("jdx.inflate", System.getenv("JDX_INFLATE")));

    private static Mode mode(String setting) {
        if (setting == null) return Mode.AUTO;
        return switch (setting.trim().toLowerCase(Locale.ROOT)) {
            case "jdk", "zlib" -> Mode.JDK;
            case "isal", "isa-l", "igzip" -> Mode.ISAL;
            default -> Mode.AUTO;
        };
    }

    /** Loads ISA-L on first use (class initialisation: once, and concurrent first users wait for it). */
    private static final class Loaded {
        static final Native NATIVE;
        static final String WHY_NOT;

        static {
            Native n = null;
            String why = null;
            if (MODE == Mode.JDK) {
                why = "JDX_INFLATE=jdk";
            } else if (Runtime.version().feature() < 22) {
                why = "needs Java 22+, this is " + Runtime.version().feature();
            } else {
                try {
                    n = (Native) Class.forName(NATIVE_CLASS).getDeclaredConstructor().newInstance();
                } catch (ClassNotFoundException e) {
                    why = "built without the Java 22 classes";
                } catch (InvocationTargetException e) {
                    // the constructor says why: library missing, native access not enabled, self-test failed
                    why = e.getCause() == null ? String.valueOf(e) : e.getCause().getMessage();
                } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
                    why = e.toString();
                }
            }
            NATIVE = n;
            WHY_NOT = why;
            started = true;
        }
    }

    private GzipDecoder() {
    }

    /** Decompresses every member of {@code in} (of unknown size: with ISA-L only if something larger started it). */
    public static InputStream open(InputStream in) throws IOException {
        return open(in, -1);
    }

    /**
     * Decompresses every member of {@code in}, {@code compressedSize} bytes long if known (else -1), which should be
     * buffered (the JDK's decoder reads the small header fields one by one).
     */
    public static InputStream open(InputStream in, long compressedSize) throws IOException {
        Native n = null;
        if (MODE == Mode.ISAL || compressedSize >= START_FROM) n = Loaded.NATIVE;
        else if (started && (compressedSize < 0 || compressedSize >= USE_FROM)) n = Loaded.NATIVE;
        return n != null ? n.open(in) : new GZIPInputStream(in, Compression.BUFFER);
    }

    /** The native decoder, started now if it was not yet. */
    public static Optional<Native> nativeDecoder() {
        return Optional.ofNullable(Loaded.NATIVE);
    }

    /** Which decoder is used and, for the JDK's, why not ISA-L; does not start ISA-L. */
    public static String description() {
        if (MODE == Mode.JDK) return "JDK zlib (ISA-L not used: JDX_INFLATE=jdk)";
        if (!started) {
            return MODE == Mode.ISAL ? "none yet (no gzip stream read; JDX_INFLATE=isal)"
                    : "JDK zlib (ISA-L starts at the first gzip stream of " + (START_FROM >> 20) + " MiB)";
        }
        return Loaded.NATIVE != null ? Loaded.NATIVE.description() : "JDK zlib (ISA-L not used: " + Loaded.WHY_NOT + ")";
    }
}
