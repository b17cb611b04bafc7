package dev.jdx.fs;

/**
 * How {@link LayerScanner} reads layers.
 *
 * @param hashContent  compute the sha256 of every regular file ({@code --no-hash} turns it off for speed)
 * @param threads      layers scanned at once (default: one per core)
 * @param capture      which files' bytes to keep (small metadata files for OS and package detection)
 * @param listener     progress and per-layer completion callbacks; called from scanning threads
 */
public record ScanOptions(boolean hashContent, int threads, ContentCapture capture, ScanListener listener) {

    public static ScanOptions defaults() {
        return new ScanOptions(true, Runtime.getRuntime().availableProcessors(), ContentCapture.NONE, ScanListener.NONE);
    }

    public ScanOptions withHash(boolean hash) {
        return new ScanOptions(hash, threads, capture, listener);
    }

    public ScanOptions withThreads(int n) {
        return new ScanOptions(hashContent, Math.max(1, n), capture, listener);
    }

    public ScanOptions withCapture(ContentCapture which) {
        return new ScanOptions(hashContent, threads, which == null ? ContentCapture.NONE : which, listener);
    }

    public ScanOptions withListener(ScanListener l) {
        return new ScanOptions(hashContent, threads, capture, l == null ? ScanListener.NONE : l);
    }
}
