package dev.jdx.image;

import java.util.List;
import java.util.Map;

/**
 * An image resolved from some source: its identity, parsed config and layers (bottom first).
 *
 * @param reference       what the user named (e.g. {@code oci-archive:app.tar:1.0}), for display
 * @param source          which kind of source read it (e.g. {@code docker-archive}, {@code oci}, {@code registry})
 * @param repoTags        names the source knows the image by (may be empty)
 * @param manifestDigest  digest of the manifest blob; for docker-archives without one, the digest of a manifest
 *                        synthesised from config and layers is not invented: it is null
 * @param manifestMediaType the manifest's media type, or null for a docker-archive {@code manifest.json}
 * @param configDescriptor  the config blob
 * @param annotations     manifest annotations
 * @param compressedSize  sum of stored layer blob sizes
 */
public record Image(String reference, String source, List<String> repoTags, Digest manifestDigest,
                    String manifestMediaType, Descriptor configDescriptor, ImageConfig config, Platform platform,
                    List<Layer> layers, Map<String, String> annotations) {

    public Image {
        repoTags = List.copyOf(repoTags);
        layers = List.copyOf(layers);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    /** Image id as docker shows it: the config digest. */
    public Digest id() {
        return configDescriptor.digest();
    }

    public long compressedSize() {
        long s = 0;
        for (Layer l : layers) s += Math.max(0, l.descriptor().size());
        return s;
    }
}
