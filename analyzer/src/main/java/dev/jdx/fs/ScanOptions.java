package dev.jdx.fs;

import java.util.function.BiPredicate;

/**
 * How {@link LayerScanner} reads layers.
 *
 * @param hashContent  compute the sha256 of every regular file ({@code --no-hash} turns it off for speed)
 * @param threads      layers scanned at once (default: one per core)
 * @param capture      which files' bytes to keep (path, size) → keep; small metadata files for OS and package
 *                     detection; null keeps none
 * @param captureLimit no single captured file is kept beyond this many bytes
 * @param listener     progress and per-layer completion callbacks; called from scanning threads
 */
public record ScanOptions(boolean hashContent, int threads, BiPredicate<String, Long> capture, int captureLimit,
                          ScanListener listener) {

    public static ScanOptions defaults() {
        return new ScanOptions(true, Runtime.getRuntime().availableProcessors(), null, 0, ScanListener.NONE);
    }

    public ScanOptions withHash(boolean hash) {
        return new ScanOptions(hash, threads, capture, captureLimit, listener);
    }

    public ScanOptions withThreads(int n) {
        return new ScanOptions(hashContent, Math.max(1, n), capture, captureLimit, listener);
    }

    public ScanOptions withCapture(BiPredicate<String, Long> which, int limit) {
        return new ScanOptions(hashContent, threads, which, limit, listener);
    }

    public ScanOptions withListener(ScanListener l) {
        return new ScanOptions(hashContent, threads, capture, captureLimit, l == null ? ScanListener.NONE : l);
    }
}
