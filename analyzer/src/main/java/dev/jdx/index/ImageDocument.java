package dev.jdx.index;

import dev.jdx.image.Digest;
import dev.jdx.image.HistoryEntry;
import dev.jdx.image.Image;
import dev.jdx.image.ImageConfig;
import dev.jdx.image.Layer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the index records about one image besides its files: identity, names, platform, runtime config, and the
 * facts another part of jdx detects (OS, base image, packages), which are optional.
 *
 * @param id             the image key: the config digest (the image id)
 * @param manifestDigest the manifest digest when the source knew one, else null
 * @param refs           names the image was inspected as (first = the one to display)
 * @param platform       {@code os/arch[/variant]}
 * @param os             the detected distribution ({@code debian}), or null
 * @param baseImage      the detected base image, or null
 * @param packages       installed packages as {@code name} or {@code name=version}; may be empty
 * @param layers         the layers, bottom first
 */
public record ImageDocument(Digest id, Digest manifestDigest, List<String> refs, String platform, String os,
                            String baseImage, Map<String, String> labels, List<String> env, List<String> exposedPorts,
                            String user, List<String> packages, List<LayerInfo> layers, String created) {

    /**
     * One layer as the index records it.
     *
     * @param digest     the blob digest as stored, or null when unknown
     * @param diffId     the diff_id (sha256 of the uncompressed tar)
     * @param storedSize the blob size as stored, or -1
     * @param createdBy  the history step that made it, or null
     */
    public record LayerInfo(Digest digest, Digest diffId, long storedSize, String createdBy) {}

    public ImageDocument {
        Objects.requireNonNull(id, "id");
        refs = List.copyOf(new LinkedHashSet<>(refs == null ? List.of() : refs));
        labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        env = env == null ? List.of() : List.copyOf(env);
        exposedPorts = exposedPorts == null ? List.of() : List.copyOf(exposedPorts);
        packages = packages == null ? List.of() : List.copyOf(packages);
        layers = layers == null ? List.of() : List.copyOf(layers);
    }

    /** The record of a resolved image: refs are the reference the user gave plus the source's repo tags. */
    public static ImageDocument of(Image image) {
        // the image's own names first (listings show the first ref), then what the user typed (often a file path)
        List<String> refs = new ArrayList<>(image.repoTags());
        if (image.reference() != null && !image.reference().isBlank()) refs.add(image.reference());
        ImageConfig cfg = image.config();
        ImageConfig.RuntimeConfig rc = cfg == null || cfg.config() == null ? ImageConfig.RuntimeConfig.EMPTY : cfg.config();
        List<String> createdBy = new ArrayList<>();
        if (cfg != null) {
            for (HistoryEntry h : cfg.history()) if (!h.emptyLayer()) createdBy.add(h.createdBy());
        }
        List<LayerInfo> layers = new ArrayList<>();
        for (Layer l : image.layers()) {
            int i = l.index();
            Digest diffId = l.diffId();
            if (diffId == null && cfg != null && i < cfg.diffIds().size()) diffId = cfg.diffIds().get(i);
            // history and layers align only when the counts agree; otherwise leave created_by out rather than guess
            String by = createdBy.size() == image.layers().size() ? createdBy.get(i) : null;
            layers.add(new LayerInfo(l.descriptor() == null ? null : l.descriptor().digest(), diffId,
                    l.descriptor() == null ? -1 : l.descriptor().size(), by));
        }
        return new ImageDocument(image.id(), image.manifestDigest(), refs,
                image.platform() != null ? image.platform().toString() : cfg != null ? cfg.platform().toString() : null,
                null, null, rc.labels(), rc.env(), rc.exposedPorts(), rc.user(), List.of(), layers,
                cfg == null ? null : cfg.created());
    }

    public ImageDocument withOs(String os) {
        return new ImageDocument(id, manifestDigest, refs, platform, os, baseImage, labels, env, exposedPorts, user,
                packages, layers, created);
    }

    public ImageDocument withBaseImage(String baseImage) {
        return new ImageDocument(id, manifestDigest, refs, platform, os, baseImage, labels, env, exposedPorts, user,
                packages, layers, created);
    }

    public ImageDocument withPackages(List<String> packages) {
        return new ImageDocument(id, manifestDigest, refs, platform, os, baseImage, labels, env, exposedPorts, user,
                packages, layers, created);
    }

    public ImageDocument withLayers(List<LayerInfo> layers) {
        return new ImageDocument(id, manifestDigest, refs, platform, os, baseImage, labels, env, exposedPorts, user,
                packages, layers, created);
    }

    public ImageDocument withRefs(List<String> refs) {
        return new ImageDocument(id, manifestDigest, refs, platform, os, baseImage, labels, env, exposedPorts, user,
                packages, layers, created);
    }

    /** The image key as the index stores it. */
    public String key() {
        return id.toString();
    }

    /** Whether the container runs as root: no user, or user {@code 0} / {@code root}, with any group. */
    public boolean runsAsRoot() {
        if (user == null || user.isBlank()) return true;
        String u = user.contains(":") ? user.substring(0, user.indexOf(':')) : user;
        return u.equals("0") || u.equals("root") || u.isEmpty();
    }

    /**
     * The OCI chain ids of the layers, bottom first: ChainID(L0) = DiffID(L0), ChainID(Ln) =
     * sha256(ChainID(Ln-1) + " " + DiffID(Ln)). Stops at the first layer without a diff_id (the rest are unknowable).
     */
    public List<Digest> chainIds() {
        List<Digest> out = new ArrayList<>(layers.size());
        Digest prev = null;
        for (LayerInfo l : layers) {
            if (l.diffId() == null) break;
            prev = prev == null ? l.diffId() : Digest.sha256(prev + " " + l.diffId());
            out.add(prev);
        }
        return List.copyOf(out);
    }
}
