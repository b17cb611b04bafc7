package dev.jdx.image.source;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A stream over {@code [start, start + length)} of a file, read with positional reads so that many such streams
 * can read one shared {@link FileChannel} in parallel without moving its position.
 */
final class RegionInputStream extends InputStream {
    private static final int CHUNK = 1 << 16;
    private final FileChannel channel;
    private final String what;
    private long pos;
    private final long end;
    private final ByteBuffer buf = ByteBuffer.allocate(CHUNK).flip();

    RegionInputStream(FileChannel channel, long start, long length, String what) {
        this.channel = channel;
        this.pos = start;
        this.end = start + length;
        this.what = what;
    }

    private boolean fill() throws IOException {
        if (buf.hasRemaining()) return true;
        if (pos >= end) return false;
        buf.clear();
        buf.limit((int) Math.min(CHUNK, end - pos));
        int n;
        try {
            n = channel.read(buf, pos);
        } catch (java.nio.channels.ClosedChannelException e) {
            throw new IOException(what + ": the image source was closed before the layer was read", e);
        }
        if (n < 0) throw new EOFException(what + ": archive ends before the member's declared end");
        pos += n;
        buf.flip();
        return true;
    }

    @Override
    public int read() throws IOException {
        return fill() ? buf.get() & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (!fill()) return -1;
        int n = Math.min(len, buf.remaining());
        buf.get(b, off, n);
        return n;
    }

    @Override
    public int available() {
        return buf.remaining();
    }
}
