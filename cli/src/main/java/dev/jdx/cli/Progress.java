package dev.jdx.cli;

import dev.jdx.fs.LayerContents;
import dev.jdx.fs.ScanListener;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Progress on stderr while layers are read (layers done, bytes read, rate), redrawn on one line at most every
 * 200 ms. Shown only when stderr is a terminal (the launcher tells us: {@code -Djdx.stderr.tty=true}) and not
 * with {@code -q}.
 */
final class Progress implements ScanListener {
    private final PrintStream err;
    private final int layers;
    private final long totalBytes;
    private final long start = System.nanoTime();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicInteger done = new AtomicInteger();
    private volatile long lastDraw;
    private volatile boolean drawn;

    Progress(PrintStream err, int layers, long totalBytes) {
        this.err = err;
        this.layers = layers;
        this.totalBytes = totalBytes;
    }

    static boolean enabled(boolean quiet) {
        return !quiet && Boolean.getBoolean("jdx.stderr.tty");
    }

    @Override
    public void bytesRead(long delta) {
        bytes.addAndGet(delta);
        maybeDraw(false);
    }

    @Override
    public void layerDone(LayerContents layer) {
        done.incrementAndGet();
        maybeDraw(true);
    }

    private void maybeDraw(boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastDraw < 200_000_000L) return;
        synchronized (this) {
            lastDraw = now;
            double secs = Math.max(1e-3, (now - start) / 1e9);
            long b = bytes.get();
            err.printf(Locale.ROOT, "\r\033[Kreading layers %d/%d  %s of %s  %.1f MB/s", done.get(), layers,
                    dev.jdx.analysis.Sizes.human(b), dev.jdx.analysis.Sizes.human(totalBytes), b / 1e6 / secs);
            err.flush();
            drawn = true;
        }
    }

    /** Clears the progress line. */
    void finish() {
        if (drawn) {
            err.print("\r\033[K");
            err.flush();
        }
    }
}
