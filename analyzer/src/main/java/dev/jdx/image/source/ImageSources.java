package dev.jdx.image.source;

import dev.jdx.image.Digest;
import dev.jdx.image.ImageFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Opens image sources from a command-line argument: a path whose format is detected from its content, or one with
 * an explicit {@code docker-archive:}, {@code oci-archive:} or {@code oci:} prefix, optionally followed by
 * {@code :name} to pick one image ({@code app.tar:app:1.0}, {@code oci:dir:1.0}).
 */
public final class ImageSources {
    private ImageSources() {}

    /** Parses {@code spec} without touching the bytes (see {@link SourceSpec#parse}). */
    public static SourceSpec parse(String spec) {
        return SourceSpec.parse(spec);
    }

    /**
     * Opens {@code spec}. The selector in the spec is used when {@link ImageSelection#name()} is null (so
     * {@code --image NAME} and {@code SOURCE:NAME} are the same thing, and {@code --image} wins when both are given).
     */
    public static ImageSource open(String spec) throws IOException {
        return open(parse(spec));
    }

    /**
     * Opens {@code spec}, which may also name a local daemon's image ({@code docker-daemon:app:1.0},
     * {@code podman:app:1.0}), a registry's ({@code docker://app:1.0}), or be a bare reference ({@code app:1.0}) that
     * is not an existing path: then the daemon is tried first and the registry second (see {@link SourceOptions}).
     */
    public static ImageSource open(String spec, SourceOptions options) throws IOException {
        return SourceResolver.open(spec, options);
    }

    public static ImageSource open(SourceSpec spec) throws IOException {
        Path p = spec.path();
        if (!Files.exists(p)) throw new NoSuchFileException(p.toString(), null, "no such file or directory");
        String kind = spec.kind();
        if (Files.isDirectory(p)) {
            if (kind != null && !kind.equals(SourceSpec.OCI_LAYOUT)) {
                throw new ImageFormatException(p + ": is a directory, but " + kind + ": needs an archive file");
            }
            return openLayout(spec);
        }
        if (SourceSpec.OCI_LAYOUT.equals(kind)) throw new ImageFormatException(p + ": oci: needs an OCI layout directory, not a file");
        TarArchive tar = TarArchive.open(p);
        try {
            String detected = kind;
            if (detected == null) {
                if (tar.has("manifest.json")) detected = SourceSpec.DOCKER_ARCHIVE;
                else if (tar.has("index.json")) detected = SourceSpec.OCI_ARCHIVE;
                else {
                    throw new ImageFormatException(p + ": not a container image archive (no manifest.json, index.json or oci-layout"
                            + (tar.has("repositories") ? "; only a legacy 'repositories' file" : "") + ")");
                }
            }
            if (detected.equals(SourceSpec.DOCKER_ARCHIVE)) return new DockerArchiveSource(tar, spec.text(), spec.selector());
            if (!tar.has("index.json")) throw new ImageFormatException(p + ": not an OCI archive: no index.json");
            byte[] index = tar.readSmall("index.json", p + " index.json");
            return new OciSource(SourceSpec.OCI_ARCHIVE, spec.text(), p.toString(), spec.selector(), new BlobStore.Archive(tar),
                    index, tagsByConfig(tar), tar);
        } catch (IOException | RuntimeException e) {
            tar.close();
            throw e;
        }
    }

    private static ImageSource openLayout(SourceSpec spec) throws IOException {
        Path dir = spec.path();
        Path index = dir.resolve("index.json");
        if (!Files.isRegularFile(index)) {
            throw new ImageFormatException(dir + ": not an OCI image layout (no index.json)");
        }
        byte[] bytes = Json.readCapped(Files.newInputStream(index), dir + " index.json");
        return new OciSource(SourceSpec.OCI_LAYOUT, spec.text(), dir.toString(), spec.selector(), new BlobStore.Directory(dir),
                bytes, Map.of(), null);
    }

    /** RepoTags of a manifest.json beside an OCI layout (containerd exports), keyed by config digest. */
    private static Map<Digest, List<String>> tagsByConfig(TarArchive tar) {
        if (!tar.has("manifest.json")) return Map.of();
        Map<Digest, List<String>> out = new HashMap<>();
        try {
            for (DockerArchiveSource.Entry e : DockerArchiveSource.entries(tar)) {
                Digest d = DockerArchiveSource.digestFromName(e.config());
                if (d != null) out.computeIfAbsent(d, k -> new ArrayList<>()).addAll(e.repoTags());
            }
        } catch (IOException e) {
            // manifest.json is optional beside index.json; a broken one only loses the tags
        }
        return out;
    }
}
