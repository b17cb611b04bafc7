package dev.jdx.fs;

import java.util.List;

/**
 * All layers of one image as scanned, bottom first, plus the bytes of captured files.
 *
 * @param captured the contents kept for the scan's {@link ContentCapture}, per layer
 */
public record ScanResult(List<LayerContents> layers, CapturedFiles captured) {
    public ScanResult {
        layers = List.copyOf(layers);
    }

    /** The bytes of {@code path} as the final filesystem has them (from the layer that wrote it last), or null. */
    public byte[] finalContent(LayerStack stack, String path) {
        FinalEntry e = stack.finalTree().get(path);
        return e == null ? null : captured.get(e.layer(), path);
    }
}
