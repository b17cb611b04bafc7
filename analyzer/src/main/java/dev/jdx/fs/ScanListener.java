package dev.jdx.fs;

/** Callbacks from {@link LayerScanner}, invoked on scanning threads: implementations must be thread-safe. */
public interface ScanListener {
    ScanListener NONE = new ScanListener() {};

    /** {@code delta} more stored (compressed) bytes were read from some layer. */
    default void bytesRead(long delta) {}

    /** A layer has been scanned completely and verified. */
    default void layerDone(LayerContents layer) {}
}
