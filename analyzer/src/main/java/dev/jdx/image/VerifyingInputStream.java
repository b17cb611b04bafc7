package dev.jdx.image;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Hashes and counts what passes through it and, at end of stream, checks the size and digest promised by the
 * blob's descriptor (when it promises none, only the size is checked, and nothing is hashed). A mismatch is thrown or downgraded to a warning according to the {@link Verification}.
 * A stream closed before its end is not checked (the reader chose to stop).
 */
public final class VerifyingInputStream extends FilterInputStream {
    private final String what;
    private final Digest expected;
    private final long expectedSize;
    private final Verification verification;
    private final MessageDigest md;
    private long count;
    private boolean checked;
    private IOException failure;

    /** @param expectedSize the promised size, or -1 when unknown */
    public VerifyingInputStream(InputStream in, String what, Digest expected, long expectedSize, Verification verification) {
        super(in);
        this.what = what;
        this.expected = expected;
        this.expectedSize = expectedSize;
        this.verification = verification;
        // nothing to compare with, nothing to hash: a docker-archive's compressed layer names no digest, and hashing
        // it anyway cost a full inspect of the L benchmark image 0.7 CPU-s of SHA-256 for a result nobody read
        this.md = expected == null ? null : expected.newMessageDigest();
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b < 0) atEnd();
        else {
            if (md != null) md.update((byte) b);
            count++;
            tooLong();
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = in.read(buf, off, len);
        if (n < 0) atEnd();
        else if (n > 0) {
            if (md != null) md.update(buf, off, n);
            count += n;
            tooLong();
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // skipping would bypass the digest: read instead
        byte[] buf = new byte[(int) Math.min(n, 8192)];
        int r = read(buf, 0, buf.length);
        return Math.max(r, 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Bytes read so far. */
    public long count() {
        return count;
    }

    private void tooLong() throws IOException {
        if (expectedSize >= 0 && count > expectedSize && verification.isStrict()) {
            throw new ImageFormatException(what + ": blob is longer than the " + expectedSize + " bytes its descriptor declares");
        }
    }

    private void atEnd() throws IOException {
        // GZIPInputStream swallows IOExceptions while probing for a next member after a trailer, so a failure is
        // remembered and thrown again at every later end-of-stream (the caller's drain reaches it)
        if (checked) {
            if (failure != null) throw failure;
            return;
        }
        checked = true;
        try {
            if (expectedSize >= 0 && count != expectedSize) {
                String msg = what + ": size mismatch: descriptor declares " + expectedSize + " bytes, read " + count;
                if (verification.isStrict()) throw new ImageFormatException(msg);
                verification.warn(msg);
            }
            if (md != null) {
                verification.check(what, expected, new Digest(expected.algorithm(), java.util.HexFormat.of().formatHex(md.digest())));
            }
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }
}
