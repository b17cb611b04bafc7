package dev.jdx.image.source.daemon;

import dev.jdx.image.SingleByteRead;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The body of an HTTP/1.1 response with {@code Transfer-Encoding: chunked} (RFC 9112 §7.1): hex size line (extensions
 * ignored), data, CRLF, ..., a zero-size chunk and optional trailers. dockerd streams {@code images/get} this way.
 * A stream that ends before the last chunk is an {@link EOFException}: a truncated image must never look complete.
 */
final class ChunkedInputStream extends InputStream {
    private final InputStream in;
    private long remaining; // bytes left in the current chunk; -1 before the first size line
    private boolean done;

    ChunkedInputStream(InputStream in) {
        this.in = in;
        this.remaining = -1;
    }

    private boolean ready() throws IOException {
        if (done) return false;
        if (remaining > 0) return true;
        if (remaining == 0) expectCrlf();
        String line = HttpLines.readLine(in, 1024);
        if (line == null) throw new EOFException("chunked response ended before its last chunk");
        int semi = line.indexOf(';');
        String hex = (semi < 0 ? line : line.substring(0, semi)).trim();
        try {
            remaining = Long.parseUnsignedLong(hex, 16);
        } catch (NumberFormatException e) {
            throw new IOException("malformed chunk size line '" + line + "'");
        }
        if (remaining < 0) throw new IOException("chunk size out of range: " + hex);
        if (remaining == 0) {
            // trailers until an empty line
            for (String t; (t = HttpLines.readLine(in, 8192)) != null && !t.isEmpty(); ) { }
            done = true;
            return false;
        }
        return true;
    }

    private void expectCrlf() throws IOException {
        int cr = in.read();
        int lf = in.read();
        if (cr == -1 || lf == -1) throw new EOFException("chunked response ended inside a chunk");
        if (cr != '\r' || lf != '\n') throw new IOException("malformed chunked response: no CRLF after chunk data");
    }

    @Override
    public int read() throws IOException {
        return SingleByteRead.of(this);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (!ready()) return -1;
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) throw new EOFException("chunked response ended inside a chunk (" + remaining + " bytes missing)");
        remaining -= n;
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
