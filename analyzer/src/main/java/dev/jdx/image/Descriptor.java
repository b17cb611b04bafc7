package dev.jdx.image;

import java.util.List;
import java.util.Map;

/** An OCI content descriptor: what a manifest or index says about one blob it points to. */
public record Descriptor(String mediaType, Digest digest, long size, Platform platform,
                         Map<String, String> annotations, List<String> urls, String artifactType) {

    public Descriptor {
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        urls = urls == null ? List.of() : List.copyOf(urls);
    }

    public Descriptor(String mediaType, Digest digest, long size) {
        this(mediaType, digest, size, null, Map.of(), List.of(), null);
    }

    /** The {@code org.opencontainers.image.ref.name} annotation, or null. */
    public String refName() {
        return annotations.get("org.opencontainers.image.ref.name");
    }
}
