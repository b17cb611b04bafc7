package dev.jdx.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body as an {@link InputStream} with a read timeout. {@code HttpClient}'s own request timeout only
 * covers the wait for the headers, and its {@code ofInputStream} handler blocks forever on a stalled body; this
 * subscriber keeps a bounded window of chunks requested (so little piles up in memory) and gives up when none
 * arrives in time.
 */
final class TimedBodyStream extends InputStream implements Flow.Subscriber<List<ByteBuffer>> {
    private static final Object END = new Object();
    /**
     * Chunks requested ahead of the reader. With one at a time every chunk cost two thread hand-offs, which on a
     * busy machine made downloads several times slower than skopeo; 32 chunks of ~16 KiB bound the memory held.
     */
    private static final int WINDOW = 32;

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final long timeoutNanos;
    private final String what;
    private volatile Flow.Subscription subscription;
    private volatile boolean closed;
    private Iterator<ByteBuffer> chunks = List.<ByteBuffer>of().iterator();
    private ByteBuffer current;
    private boolean done;

    TimedBodyStream(Duration readTimeout, String what) {
        this.timeoutNanos = readTimeout.toNanos();
        this.what = what;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (closed) s.cancel();
        else s.request(WINDOW);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        queue.add(item);
    }

    @Override
    public void onError(Throwable t) {
        queue.add(t);
    }

    @Override
    public void onComplete() {
        queue.add(END);
    }

    @Override
    public int read() throws IOException {
        if (!fill()) return -1;
        return current.get() & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (!fill()) return -1;
        int n = Math.min(len, current.remaining());
        current.get(b, off, n);
        return n;
    }

    @Override
    public int available() {
        return current == null ? 0 : current.remaining();
    }

    /** Makes {@link #current} hold unread bytes; false at end of body. */
    private boolean fill() throws IOException {
        if (closed) throw new IOException(what + ": stream closed");
        while (current == null || !current.hasRemaining()) {
            if (chunks.hasNext()) {
                current = chunks.next();
                continue;
            }
            if (done) return false;
            Object o;
            try {
                o = queue.poll(timeoutNanos, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new java.io.InterruptedIOException(what + ": interrupted");
            }
            if (o == null) {
                close();
                throw new SocketTimeoutException(what + ": no data for " + Duration.ofNanos(timeoutNanos).toMillis() + " ms (read timeout)");
            }
            if (o == END) {
                done = true;
                return false;
            }
            if (o instanceof Throwable t) {
                done = true;
                if (t instanceof IOException io) throw new IOException(what + ": " + oneLine(io), io);
                throw new IOException(what + ": " + oneLine(t), t);
            }
            @SuppressWarnings("unchecked")
            List<ByteBuffer> list = (List<ByteBuffer>) o;
            chunks = list.iterator();
            Flow.Subscription s = subscription;
            if (s != null) s.request(1);
        }
        return true;
    }

    /** Reads at most {@code max} bytes of the rest of the body (for error bodies), then closes. */
    byte[] readAtMost(int max) {
        try (this) {
            return readNBytes(max);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        Flow.Subscription s = subscription;
        if (s != null) s.cancel();
        queue.clear();
    }

    static String oneLine(Throwable t) {
        String m = t.getMessage();
        if (m == null || m.isBlank()) m = t.getClass().getSimpleName();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
