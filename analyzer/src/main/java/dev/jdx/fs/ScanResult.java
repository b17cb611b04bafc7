package dev.jdx.fs;

import java.util.List;
import java.util.Map;

/**
 * All layers of one image as scanned, bottom first, plus the bytes of captured files.
 *
 * @param captured per layer index, captured path → bytes (only files {@link ScanOptions#capture()} asked for)
 */
public record ScanResult(List<LayerContents> layers, Map<Integer, Map<String, byte[]>> captured) {
    public ScanResult {
        layers = List.copyOf(layers);
        captured = Map.copyOf(captured);
    }

    /** The bytes of {@code path} as the final filesystem has them (the topmost layer that captured it), or null. */
    public byte[] finalContent(LayerStack stack, String path) {
        FinalEntry e = stack.finalTree().get(path);
        if (e == null) return null;
        Map<String, byte[]> m = captured.get(e.layer());
        return m == null ? null : m.get(path);
    }
}
