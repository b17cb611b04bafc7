package dev.jdx.fs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * File contents the scanner kept for a {@link ContentCapture}: one map per layer (index = layer index), path to
 * bytes. A path written twice in one layer keeps the last copy, as tar extraction would.
 */
public record CapturedFiles(List<Map<String, byte[]>> layers) {

    /** Nothing captured. */
    public static final CapturedFiles NONE = new CapturedFiles(List.of());

    public CapturedFiles {
        List<Map<String, byte[]>> copy = new ArrayList<>(layers.size());
        for (Map<String, byte[]> m : layers) copy.add(m == null ? Map.of() : Collections.unmodifiableMap(m));
        layers = Collections.unmodifiableList(copy);
    }

    /** The bytes of {@code path} as written by {@code layer}, or null when that layer kept none. */
    public byte[] get(int layer, String path) {
        if (layer < 0 || layer >= layers.size()) return null;
        return layers.get(layer).get(path);
    }
}
