package dev.jdx.image;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/** A layer's compression, always detected from its first bytes, never from a name or media type. */
public enum Compression {
    GZIP, ZSTD, NONE;

    /** Buffer sizes measured in ../shared/notes/perf-baseline.md: the inflater's own input buffer matters most. */
    public static final int BUFFER = 1 << 16;

    /** Detects from up to 4 leading bytes ({@code 1f 8b} gzip, {@code 28 b5 2f fd} zstd, else plain). */
    public static Compression detect(byte[] head, int n) {
        if (n >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) return GZIP;
        if (n >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5 && (head[2] & 0xff) == 0x2f
                && (head[3] & 0xff) == 0xfd) return ZSTD;
        return NONE;
    }

    /** Peeks at a mark-supporting stream to detect its compression, leaving the stream where it was. */
    public static Compression detect(InputStream in) throws IOException {
        if (!in.markSupported()) throw new IllegalArgumentException("stream must support mark");
        in.mark(4);
        byte[] head = new byte[4];
        int n = in.readNBytes(head, 0, 4);
        in.reset();
        return detect(head, n);
    }

    /** Wraps {@code raw} in the decompressor its magic bytes call for. */
    public static InputStream decompress(InputStream raw) throws IOException {
        return decompress(raw, -1);
    }

    /** The same for a stream of {@code storedSize} bytes (-1 if unknown), which picks the gzip decoder. */
    public static InputStream decompress(InputStream raw, long storedSize) throws IOException {
        InputStream in = raw.markSupported() ? raw : new BufferedInputStream(raw, BUFFER);
        return switch (detect(in)) {
            case GZIP -> GzipDecoder.open(in, storedSize);
            case ZSTD -> new BufferedInputStream(new ZstdInputStreamNoFinalizer(in), BUFFER);
            case NONE -> in;
        };
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
