package dev.jdx.image.write;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jdx.image.Compression;
import dev.jdx.image.Descriptor;
import dev.jdx.image.Digest;
import dev.jdx.image.DigestMismatchException;
import dev.jdx.image.Image;
import dev.jdx.image.ImageFormatException;
import dev.jdx.image.Layer;
import dev.jdx.image.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Saves an {@link Image} for offline use as an OCI layout directory, an OCI archive (the layout in a tar) or a
 * docker-archive ({@code manifest.json}, the config, and each layer uncompressed as {@code <diff_id hex>.tar}, as
 * {@code docker save} and skopeo write it). Everything is written under a temporary name beside the output and
 * moved into place at the end, so a failed write leaves nothing behind. Layer bytes are streamed, never held.
 */
public final class ImageWriter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REF_NAME = "org.opencontainers.image.ref.name";

    /** The output formats, named as on the command line. */
    public enum Format {
        OCI("oci"), OCI_ARCHIVE("oci-archive"), DOCKER_ARCHIVE("docker-archive");

        private final String label;

        Format(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** Parses {@code oci}, {@code oci-archive} or {@code docker-archive}. */
        public static Format parse(String s) {
            for (Format f : values()) if (f.label.equals(s.toLowerCase(Locale.ROOT))) return f;
            throw new IllegalArgumentException("unknown output format '" + s + "' (expected oci, oci-archive or docker-archive)");
        }
    }

    private final Format format;

    public ImageWriter(Format format) {
        this.format = format;
    }

    /**
     * Writes {@code image} to {@code output}, which must not exist yet.
     *
     * @param rawManifest the manifest bytes as the source served them, kept as they are when they are an OCI
     *                    manifest (so the manifest digest survives); null, or a Docker manifest, means jdx writes
     *                    an OCI manifest over the same config and layers, as skopeo does when converting
     * @param refName     the name to record ({@code org.opencontainers.image.ref.name} for OCI, a RepoTag for
     *                    docker-archive), or null
     */
    public void write(Image image, byte[] rawManifest, String refName, Path output) throws IOException {
        Path out = output.toAbsolutePath();
        if (Files.exists(out, java.nio.file.LinkOption.NOFOLLOW_LINKS)) throw new FileAlreadyExistsException(out + " already exists");
        Path parent = out.getParent();
        Files.createDirectories(parent);
        Path tmp = parent.resolve("." + out.getFileName() + ".jdx-tmp-" + UUID.randomUUID());
        try {
            switch (format) {
                case OCI -> {
                    Files.createDirectory(tmp);
                    writeOci(image, rawManifest, refName, new DirSink(tmp));
                }
                case OCI_ARCHIVE -> {
                    try (TarSink sink = new TarSink(Files.newOutputStream(tmp))) {
                        writeOci(image, rawManifest, refName, sink);
                    }
                }
                case DOCKER_ARCHIVE -> writeDockerArchive(image, refName, tmp, parent);
            }
            try {
                Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, out);
            }
        } finally {
            deleteRecursively(tmp);
        }
    }

    /** Where OCI layout entries go: a directory or a tar. */
    private interface Sink {
        void put(String path, byte[] bytes) throws IOException;

        /** Streams exactly {@code size} bytes. */
        void put(String path, long size, InputStream in) throws IOException;
    }

    private record DirSink(Path root) implements Sink {
        @Override
        public void put(String path, byte[] bytes) throws IOException {
            Path p = root.resolve(path);
            Files.createDirectories(p.getParent());
            Files.write(p, bytes);
        }

        @Override
        public void put(String path, long size, InputStream in) throws IOException {
            Path p = root.resolve(path);
            Files.createDirectories(p.getParent());
            try (OutputStream o = Files.newOutputStream(p)) {
                in.transferTo(o);
            }
        }
    }

    private static final class TarSink implements Sink, AutoCloseable {
        private final TarArchiveOutputStream tar;
        private final java.util.Set<String> dirs = new java.util.HashSet<>();

        TarSink(OutputStream out) {
            tar = new TarArchiveOutputStream(new java.io.BufferedOutputStream(out, 1 << 16));
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        }

        private void parents(String path) throws IOException {
            for (int i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) {
                String d = path.substring(0, i + 1);
                if (dirs.add(d)) {
                    TarArchiveEntry e = new TarArchiveEntry(d);
                    e.setMode(040755);
                    tar.putArchiveEntry(e);
                    tar.closeArchiveEntry();
                }
            }
        }

        @Override
        public void put(String path, byte[] bytes) throws IOException {
            put(path, bytes.length, new java.io.ByteArrayInputStream(bytes));
        }

        @Override
        public void put(String path, long size, InputStream in) throws IOException {
            parents(path);
            TarArchiveEntry e = new TarArchiveEntry(path);
            e.setSize(size);
            e.setMode(0100644);
            tar.putArchiveEntry(e);
            long n = in.transferTo(tar);
            if (n != size) throw new ImageFormatException("writing " + path + ": expected " + size + " bytes, got " + n);
            tar.closeArchiveEntry();
        }

        @Override
        public void close() throws IOException {
            tar.finish();
            tar.close();
        }
    }

    private void writeOci(Image image, byte[] rawManifest, String refName, Sink sink) throws IOException {
        byte[] manifest = ociManifest(image, rawManifest);
        Digest manifestDigest = Digest.sha256(manifest);
        sink.put("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes());
        ObjectNode index = JSON.createObjectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", MediaType.OCI_INDEX);
        ObjectNode entry = index.putArray("manifests").addObject();
        entry.put("mediaType", MediaType.OCI_MANIFEST);
        entry.put("digest", manifestDigest.toString());
        entry.put("size", manifest.length);
        if (image.platform() != null && !image.platform().isUnknown()) {
            ObjectNode p = entry.putObject("platform");
            p.put("architecture", image.platform().architecture());
            p.put("os", image.platform().os());
            if (image.platform().variant() != null) p.put("variant", image.platform().variant());
        }
        if (refName != null) entry.putObject("annotations").put(REF_NAME, refName);
        sink.put("index.json", JSON.writeValueAsBytes(index));
        sink.put(blobPath(manifestDigest), manifest);
        Descriptor config = image.configDescriptor();
        byte[] configBytes = image.config().raw();
        Digest actual = new Digest(config.digest().algorithm(), java.util.HexFormat.of().formatHex(config.digest().newMessageDigest().digest(configBytes)));
        if (!actual.equals(config.digest())) throw new DigestMismatchException("writing the config of " + image.reference(), config.digest(), actual);
        sink.put(blobPath(config.digest()), configBytes);
        java.util.Set<Digest> written = new java.util.HashSet<>();
        for (Layer l : image.layers()) {
            Descriptor d = l.descriptor();
            if (!written.add(d.digest())) continue;
            try (InputStream in = l.open()) {
                sink.put(blobPath(d.digest()), d.size(), in);
            }
        }
    }

    private static String blobPath(Digest d) {
        return "blobs/" + d.algorithm() + "/" + d.hex();
    }

    /** The OCI manifest bytes: the source's own when they are OCI, else converted from the Docker manifest. */
    static byte[] ociManifest(Image image, byte[] rawManifest) throws IOException {
        if (rawManifest != null && MediaType.OCI_MANIFEST.equals(image.manifestMediaType())) return rawManifest;
        ObjectNode m = JSON.createObjectNode();
        m.put("schemaVersion", 2);
        m.put("mediaType", MediaType.OCI_MANIFEST);
        m.set("config", descriptor(image.configDescriptor(), MediaType.OCI_CONFIG));
        ArrayNode layers = m.putArray("layers");
        for (Layer l : image.layers()) layers.add(descriptor(l.descriptor(), ociLayerType(l.descriptor().mediaType())));
        if (!image.annotations().isEmpty()) {
            ObjectNode a = m.putObject("annotations");
            new java.util.TreeMap<>(image.annotations()).forEach(a::put);
        }
        return JSON.writeValueAsBytes(m);
    }

    private static ObjectNode descriptor(Descriptor d, String mediaType) {
        ObjectNode n = JSON.createObjectNode();
        n.put("mediaType", mediaType);
        n.put("digest", d.digest().toString());
        n.put("size", d.size());
        if (!d.urls().isEmpty()) {
            ArrayNode u = n.putArray("urls");
            d.urls().forEach(u::add);
        }
        if (!d.annotations().isEmpty()) {
            ObjectNode a = n.putObject("annotations");
            new java.util.TreeMap<>(d.annotations()).forEach(a::put);
        }
        return n;
    }

    static String ociLayerType(String docker) {
        if (docker == null) return MediaType.OCI_LAYER_GZIP;
        return switch (docker) {
            case MediaType.DOCKER_LAYER_GZIP -> MediaType.OCI_LAYER_GZIP;
            case MediaType.DOCKER_LAYER -> MediaType.OCI_LAYER;
            case MediaType.DOCKER_LAYER_FOREIGN_GZIP -> MediaType.OCI_LAYER_NONDIST_GZIP;
            default -> docker;
        };
    }

    /**
     * docker-archive: each layer is decompressed to a file beside the output while its diff_id is checked, then
     * the archive is assembled. Layers are named by diff_id, so a layer used twice is stored once.
     */
    private void writeDockerArchive(Image image, String refName, Path tmp, Path workDir) throws IOException {
        Path layersDir = Files.createDirectory(workDir.resolve("." + tmp.getFileName() + ".layers"));
        try {
            Map<Digest, Path> files = new LinkedHashMap<>();
            List<String> layerNames = new java.util.ArrayList<>();
            for (Layer l : image.layers()) {
                Path f = layersDir.resolve("layer-" + l.index());
                MessageDigest md = Digest.newSha256();
                try (InputStream raw = l.open();
                     InputStream plain = Compression.decompress(raw, l.descriptor().size());
                     OutputStream o = new DigestOutputStream(Files.newOutputStream(f), md)) {
                    plain.transferTo(o);
                    raw.transferTo(OutputStream.nullOutputStream()); // reach the verified end of the blob
                }
                Digest diffId = Digest.ofSha256(md.digest());
                if (l.diffId() != null && !l.diffId().equals(diffId)) {
                    throw new DigestMismatchException("writing layer " + (l.index() + 1) + " (" + l.descriptor().digest()
                            + ") of " + image.reference() + ": uncompressed content vs the config's diff_id", l.diffId(), diffId);
                }
                if (files.putIfAbsent(diffId, f) != null) Files.delete(f);
                layerNames.add(diffId.hex() + ".tar");
            }
            ArrayNode manifest = JSON.createArrayNode();
            ObjectNode entry = manifest.addObject();
            String configName = image.configDescriptor().digest().hex() + ".json";
            entry.put("Config", configName);
            ArrayNode tags = entry.putArray("RepoTags");
            if (refName != null) tags.add(refName);
            ArrayNode ls = entry.putArray("Layers");
            layerNames.forEach(ls::add);
            try (TarSink sink = new TarSink(Files.newOutputStream(tmp))) {
                sink.put(configName, image.config().raw());
                for (Map.Entry<Digest, Path> e : files.entrySet()) {
                    try (InputStream in = Files.newInputStream(e.getValue())) {
                        sink.put(e.getKey().hex() + ".tar", Files.size(e.getValue()), in);
                    }
                }
                sink.put("manifest.json", JSON.writeValueAsBytes(manifest));
            }
        } finally {
            deleteRecursively(layersDir);
        }
    }

    private static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(x);
        }
    }
}
