package dev.jdx.image.isal;

import dev.jdx.image.SingleByteRead;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.ref.Cleaner;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.ZipException;

/**
 * The decompressed bytes of every gzip member of a stream, inflated by ISA-L. The gzip header (RFC 1952) is parsed
 * here; ISA-L inflates the deflate data and checks the trailer (CRC-32 and length).
 *
 * <p>Behaves as {@link java.util.zip.GZIPInputStream} does where input is bad: a stream that is not gzip, or a
 * corrupt member, is a {@link ZipException}; one that ends inside a member an {@link EOFException}; bytes after the
 * last member that do not start another member are ignored.
 *
 * <p>The input and output buffers and ISA-L's state (85 KiB) live in native memory, freed by {@link #close}, or by a
 * cleaner when a stream is dropped unclosed.
 */
final class IsalGzipInputStream extends InputStream {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final int IN_SIZE = 1 << 16;
    private static final int OUT_SIZE = 1 << 18;
    /** Header flags (FTEXT, bit 0, and the reserved bits are ignored, as the JDK does). */
    private static final int FHCRC = 2, FEXTRA = 4, FNAME = 8, FCOMMENT = 16;
    /** isal_inflate's return for a zlib stream with a preset dictionary, which gzip never has. */
    private static final int ISAL_NEED_DICT = 6;

    private enum Phase { HEADER, BODY, END }

    private final InputStream in;
    private final IsalGzip isal;
    private final Cleaner.Cleanable freeNative;
    private final MemorySegment state, inBuf, outBuf;
    private final byte[] heapIn = new byte[IN_SIZE];
    private int inPos, inLim;
    private boolean inEnded;
    private int outPos, outLim;
    private Phase phase = Phase.HEADER;
    private boolean firstMember = true;
    private boolean closed;

    IsalGzipInputStream(InputStream in, IsalGzip isal) {
        this.in = Objects.requireNonNull(in);
        this.isal = isal;
        Arena arena = Arena.ofShared();
        this.freeNative = CLEANER.register(this, new FreeArena(arena));
        this.state = arena.allocate(IsalGzip.STATE_SIZE, 64);
        this.inBuf = arena.allocate(IN_SIZE, 64);
        this.outBuf = arena.allocate(OUT_SIZE, 64);
    }

    /** The cleaner's action: holds the arena, never the stream. */
    private record FreeArena(Arena arena) implements Runnable {
        @Override
        public void run() {
            arena.close();
        }
    }

    @Override
    public int read() throws IOException {
        return SingleByteRead.of(this);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (closed) throw new IOException("stream closed");
        if (len == 0) return 0;
        while (outPos == outLim) {
            if (!decodeMore()) return -1;
        }
        int n = Math.min(len, outLim - outPos);
        MemorySegment.copy(outBuf, ValueLayout.JAVA_BYTE, outPos, b, off, n);
        outPos += n;
        return n;
    }

    @Override
    public int available() {
        return outLim - outPos;
    }

    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        freeNative.clean();
        in.close();
    }

    /** Decodes the next run of output into outBuf; false at the end of the last member. */
    private boolean decodeMore() throws IOException {
        while (true) {
            if (phase == Phase.END) return false;
            if (phase == Phase.HEADER) {
                if (!readHeader()) {
                    phase = Phase.END;
                    return false;
                }
                isal.init(state);
                state.set(ValueLayout.JAVA_INT, IsalGzip.CRC_FLAG, IsalGzip.ISAL_GZIP_NO_HDR_VER);
                phase = Phase.BODY;
                firstMember = false;
            }
            if (inflateSome()) return true;
        }
    }

    /** One or more isal_inflate calls until output appears or the member ends; true when there is output. */
    private boolean inflateSome() throws IOException {
        int stalls = 0;
        while (true) {
            if (inPos == inLim) refill();
            int given = inLim - inPos;
            state.set(ValueLayout.JAVA_LONG, IsalGzip.NEXT_IN, inBuf.address() + inPos);
            state.set(ValueLayout.JAVA_INT, IsalGzip.AVAIL_IN, given);
            state.set(ValueLayout.JAVA_LONG, IsalGzip.NEXT_OUT, outBuf.address());
            state.set(ValueLayout.JAVA_INT, IsalGzip.AVAIL_OUT, OUT_SIZE);
            int rc = isal.inflate(state);
            if (rc < 0 || rc == ISAL_NEED_DICT) throw corrupt(rc);
            int produced = OUT_SIZE - state.get(ValueLayout.JAVA_INT, IsalGzip.AVAIL_OUT);
            int consumed = given - state.get(ValueLayout.JAVA_INT, IsalGzip.AVAIL_IN);
            inPos += consumed;
            outPos = 0;
            outLim = produced;
            if (state.get(ValueLayout.JAVA_INT, IsalGzip.BLOCK_STATE) == IsalGzip.ISAL_BLOCK_FINISH) {
                phase = Phase.HEADER; // the trailer is checked; another member may follow
                return produced > 0;
            }
            if (produced > 0) return true;
            if (consumed == 0) {
                if (inPos == inLim && inEnded) {
                    throw new EOFException("gzip stream ends inside a member (truncated)");
                }
                if (inPos < inLim && ++stalls > 2) throw new ZipException("gzip: the decoder made no progress");
            }
        }
    }

    private static ZipException corrupt(int rc) {
        return new ZipException(switch (rc) {
            case -1 -> "invalid deflate block";
            case -2 -> "invalid deflate symbol";
            case -3 -> "invalid deflate distance too far back";
            case -6 -> "Corrupt GZIP trailer (CRC-32 or length mismatch)";
            case ISAL_NEED_DICT -> "deflate data needs a preset dictionary";
            default -> "corrupt gzip data (ISA-L error " + rc + ")";
        });
    }

    /**
     * Reads a member header (RFC 1952, section 2.3). False when the input ends, or holds something other than a
     * member, after the last member; the first member must be there.
     */
    private boolean readHeader() throws IOException {
        CRC32 crc = new CRC32();
        int id1 = nextByte();
        int id2 = id1 < 0 ? -1 : nextByte();
        if (id1 != 0x1f || id2 != 0x8b) {
            if (!firstMember) return false; // trailing bytes, ignored like GZIPInputStream does
            if (id1 < 0 || id2 < 0) throw new EOFException("gzip stream is empty or ends inside its header");
            throw new ZipException("Not in GZIP format");
        }
        crc.update(id1);
        crc.update(id2);
        int cm = headerByte(crc);
        if (cm != 8) throw new ZipException("Unsupported compression method " + cm);
        int flags = headerByte(crc);
        for (int i = 0; i < 6; i++) headerByte(crc); // MTIME, XFL, OS
        if ((flags & FEXTRA) != 0) {
            int xlen = headerByte(crc) | headerByte(crc) << 8;
            for (int i = 0; i < xlen; i++) headerByte(crc);
        }
        if ((flags & FNAME) != 0) while (headerByte(crc) != 0) { /* file name */ }
        if ((flags & FCOMMENT) != 0) while (headerByte(crc) != 0) { /* comment */ }
        if ((flags & FHCRC) != 0) {
            int expected = (int) crc.getValue() & 0xffff;
            int stored = headerByte(null) | headerByte(null) << 8;
            if (stored != expected) throw new ZipException("Corrupt GZIP header");
        }
        return true;
    }

    private int headerByte(CRC32 crc) throws IOException {
        int b = nextByte();
        if (b < 0) throw new EOFException("gzip stream ends inside a member header");
        if (crc != null) crc.update(b);
        return b;
    }

    private int nextByte() throws IOException {
        if (inPos == inLim && !refill()) return -1;
        return inBuf.get(ValueLayout.JAVA_BYTE, inPos++) & 0xff;
    }

    /** Reads more input into inBuf, which must be used up; false at the end of the input. */
    private boolean refill() throws IOException {
        if (inEnded) return false;
        int n;
        do {
            n = in.read(heapIn, 0, IN_SIZE);
        } while (n == 0);
        if (n < 0) {
            inEnded = true;
            return false;
        }
        MemorySegment.copy(heapIn, 0, inBuf, ValueLayout.JAVA_BYTE, 0, n);
        inPos = 0;
        inLim = n;
        return true;
    }
}
