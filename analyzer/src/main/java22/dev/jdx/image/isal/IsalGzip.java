package dev.jdx.image.isal;

import dev.jdx.image.GzipDecoder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * ISA-L's gzip decoder ({@code isal_inflate} of {@code libisal.so.2}) bound through the foreign-function API; see
 * {@link GzipDecoder}. Constructed once, reflectively, by {@link GzipDecoder}; the constructor throws with the reason
 * when the library cannot be used, and the JDK's decoder is used instead.
 */
public final class IsalGzip implements GzipDecoder.Native {
    static final String LIBRARY = "libisal.so.2";

    // struct inflate_state of igzip_lib.h (ISA-L 2.x, the ABI of soname libisal.so.2): the offsets jdx touches. They
    // are fixed by the header's array sizes, not by the compiler, and the self-test below fails (and jdx falls back to
    // the JDK's decoder) if a library lays them out otherwise.
    static final long STATE_SIZE = 87_368;
    static final long NEXT_OUT = 0, AVAIL_OUT = 8, NEXT_IN = 16, AVAIL_IN = 32;
    static final long BLOCK_STATE = 21_160, CRC_FLAG = 21_172;
    /** block_state once the member's last block and its trailer are through. */
    static final int ISAL_BLOCK_FINISH = 5;
    /** crc_flag: raw deflate, then a gzip trailer whose CRC-32 and length are checked (the header is parsed by jdx). */
    static final int ISAL_GZIP_NO_HDR_VER = 6;

    private final MethodHandle inflateInit;
    private final MethodHandle inflate;

    public IsalGzip() throws IOException {
        if (!IsalGzip.class.getModule().isNativeAccessEnabled()) {
            // calling it anyway would print the JDK's restricted-method warning into jdx's output
            throw new IOException("native access not enabled (java --enable-native-access=ALL-UNNAMED)");
        }
        if (ValueLayout.ADDRESS.byteSize() != 8) throw new IOException("not a 64-bit JVM");
        SymbolLookup lib;
        try {
            lib = SymbolLookup.libraryLookup(LIBRARY, Arena.global());
        } catch (IllegalArgumentException e) {
            throw new IOException(LIBRARY + " not found (Debian/Ubuntu: apt install libisal2)");
        }
        Linker linker = Linker.nativeLinker();
        inflateInit = linker.downcallHandle(symbol(lib, "isal_inflate_init"), FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));
        inflate = linker.downcallHandle(symbol(lib, "isal_inflate"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
        selfTest();
    }

    private static MemorySegment symbol(SymbolLookup lib, String name) throws IOException {
        return lib.find(name).orElseThrow(() -> new IOException(LIBRARY + " has no " + name));
    }

    @Override
    public InputStream open(InputStream in) throws IOException {
        return new IsalGzipInputStream(in, this);
    }

    @Override
    public String description() {
        return "ISA-L igzip (" + LIBRARY + ")";
    }

    void init(MemorySegment state) {
        try {
            inflateInit.invokeExact(state);
        } catch (Throwable t) {
            throw new IllegalStateException("isal_inflate_init", t);
        }
    }

    int inflate(MemorySegment state) {
        try {
            return (int) inflate.invokeExact(state);
        } catch (Throwable t) {
            throw new IllegalStateException("isal_inflate", t);
        }
    }

    /**
     * Decodes a member of two blocks (one compressed, one stored) and one whose trailer is wrong, so a library whose
     * struct layout differs from the offsets above is never used: a wrong block_state offset never sees the end, a
     * wrong crc_flag offset never checks the trailer.
     */
    private void selfTest() throws IOException {
        // small, so the test costs little in a fresh JVM: a compressible half and a random half (a stored block)
        byte[] data = new byte[4096];
        Random r = new Random(42);
        for (int i = 0; i < data.length; i++) data[i] = (byte) (i < 2048 ? 'a' + r.nextInt(4) : r.nextInt());
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(data);
        }
        byte[] good = gz.toByteArray();
        byte[] decoded;
        try (InputStream in = open(new ByteArrayInputStream(good))) {
            decoded = in.readAllBytes();
        } catch (IOException | RuntimeException e) {
            throw new IOException(LIBRARY + " failed jdx's self-test: " + e.getMessage());
        }
        if (!Arrays.equals(decoded, data)) throw new IOException(LIBRARY + " failed jdx's self-test: wrong output");
        byte[] bad = good.clone();
        bad[bad.length - 8] ^= 1; // the CRC-32
        try (InputStream in = open(new ByteArrayInputStream(bad))) {
            in.readAllBytes();
            throw new IOException(LIBRARY + " failed jdx's self-test: a wrong CRC went unnoticed");
        } catch (ZipException expected) {
            // the trailer is checked
        }
    }
}
