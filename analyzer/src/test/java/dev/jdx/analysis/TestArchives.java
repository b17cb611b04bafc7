package dev.jdx.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jdx.fs.CapturedFiles;
import dev.jdx.fs.ContentCapture;
import dev.jdx.fs.EntryType;
import dev.jdx.fs.FileEntry;
import dev.jdx.fs.LayerContents;
import dev.jdx.image.Compression;
import dev.jdx.image.Descriptor;
import dev.jdx.image.Digest;
import dev.jdx.image.Image;
import dev.jdx.image.ImageConfig;
import dev.jdx.image.Layer;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * TEMPORARY TEST SCAFFOLDING, to be replaced by the lead's {@code dev.jdx.fs.LayerScanner} and image sources:
 * reads a docker-archive (any of the manifest.json layouts, optionally gzipped as a whole) fully into memory and
 * turns each layer tar into {@link FileEntry} values, honouring a {@link ContentCapture}. Only for the small
 * fixtures of the tests; no path-safety checks, no streaming.
 */
final class TestArchives {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestArchives() {}

    /** An archive read back: the image, its layers and what the capture kept. */
    record Loaded(Image image, List<LayerContents> layers, CapturedFiles captured) {}

    static Loaded load(Path archive, ContentCapture capture) throws IOException {
        Map<String, byte[]> members = new HashMap<>();
        Map<String, String> links = new HashMap<>();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive))) {
            InputStream in = Compression.detect(raw) == Compression.GZIP ? new GZIPInputStream(raw) : raw;
            TarArchiveInputStream tar = new TarArchiveInputStream(in);
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String name = clean(e.getName());
                if (e.isSymbolicLink()) links.put(name, e.getLinkName());
                else if (e.isFile()) members.put(name, tar.readAllBytes());
            }
        }
        JsonNode manifest = JSON.readTree(member(members, links, "manifest.json")).get(0);
        byte[] configBytes = member(members, links, manifest.get("Config").asText());
        ImageConfig config = ImageConfig.parse(configBytes, archive.toString());
        List<LayerContents> layers = new ArrayList<>();
        List<Map<String, byte[]>> captured = new ArrayList<>();
        List<Layer> imageLayers = new ArrayList<>();
        int i = 0;
        for (JsonNode l : manifest.get("Layers")) {
            byte[] blob = member(members, links, l.asText());
            Map<String, byte[]> kept = new HashMap<>();
            layers.add(readLayer(i, blob, capture, kept));
            captured.add(kept);
            int idx = i;
            Digest blobDigest = Digest.sha256(blob);
            Digest diffId = i < config.diffIds().size() ? config.diffIds().get(i) : null;
            imageLayers.add(new Layer() {
                public int index() { return idx; }
                public Descriptor descriptor() { return new Descriptor("application/vnd.docker.image.rootfs.diff.tar", blobDigest, blob.length); }
                public Digest diffId() { return diffId; }
                public InputStream open() { return new ByteArrayInputStream(blob); }
            });
            i++;
        }
        List<String> tags = new ArrayList<>();
        if (manifest.has("RepoTags") && manifest.get("RepoTags").isArray()) manifest.get("RepoTags").forEach(t -> tags.add(t.asText()));
        Image image = new Image(archive.getFileName().toString(), "docker-archive", tags, null, null,
                new Descriptor("application/vnd.docker.container.image.v1+json", Digest.sha256(configBytes), configBytes.length),
                config, config.platform(), imageLayers, Map.of());
        return new Loaded(image, layers, new CapturedFiles(captured));
    }

    private static byte[] member(Map<String, byte[]> members, Map<String, String> links, String name) throws IOException {
        String n = clean(name);
        for (int hops = 0; hops < 8; hops++) {
            byte[] b = members.get(n);
            if (b != null) return b;
            String target = links.get(n);
            if (target == null) break;
            Path resolved = Path.of("/" + n).getParent().resolve(target).normalize();
            n = clean(resolved.toString());
        }
        throw new IOException("archive member " + name + " not found");
    }

    static LayerContents readLayer(int index, byte[] blob, ContentCapture capture, Map<String, byte[]> kept) throws IOException {
        return readLayer(index, new ByteArrayInputStream(blob), blob.length, capture, kept);
    }

    static LayerContents readLayer(int index, InputStream blob, long storedBytes, ContentCapture capture,
                                   Map<String, byte[]> kept) throws IOException {
        InputStream raw = new BufferedInputStream(blob, 1 << 16);
        Compression c = Compression.detect(raw);
        InputStream in = c == Compression.GZIP ? new GZIPInputStream(raw) : raw;
        List<FileEntry> entries = new ArrayList<>();
        long tarBytes;
        try (CountingTar tar = new CountingTar(in)) {
            TarArchiveEntry e;
            while ((e = tar.tar.getNextEntry()) != null) {
                String path = "/" + clean(e.getName());
                if (path.equals("/")) continue;
                String name = path.substring(path.lastIndexOf('/') + 1);
                String parent = path.lastIndexOf('/') == 0 ? "/" : path.substring(0, path.lastIndexOf('/'));
                EntryType type;
                String link = null;
                if (name.equals(".wh..wh..opq")) {
                    type = EntryType.OPAQUE;
                    path = parent;
                } else if (name.startsWith(".wh.")) {
                    type = EntryType.WHITEOUT;
                    path = (parent.equals("/") ? "" : parent) + "/" + name.substring(4);
                } else if (e.isDirectory()) {
                    type = EntryType.DIR;
                } else if (e.isSymbolicLink()) {
                    type = EntryType.SYMLINK;
                    link = e.getLinkName();
                } else if (e.isLink()) {
                    type = EntryType.HARDLINK;
                    link = "/" + clean(e.getLinkName());
                } else if (e.isCharacterDevice()) {
                    type = EntryType.CHAR_DEVICE;
                } else if (e.isBlockDevice()) {
                    type = EntryType.BLOCK_DEVICE;
                } else if (e.isFIFO()) {
                    type = EntryType.FIFO;
                } else {
                    type = EntryType.FILE;
                }
                String sha = null;
                if (type == EntryType.FILE) {
                    byte[] content = tar.tar.readAllBytes();
                    sha = HexFormat.of().formatHex(sha256().digest(content));
                    long limit = capture.limit(path);
                    if (limit > 0 && content.length <= limit) {
            byte[] r = capture.reduce(path, content);
            if (r != null) kept.put(path, r);
        }
                }
                entries.add(new FileEntry(path, type, e.getMode() & 07777, (int) e.getLongUserId(), (int) e.getLongGroupId(),
                        e.getSize(), e.getModTime().getTime() / 1000, link, sha));
            }
            tarBytes = tar.tar.getBytesRead();
        }
        return new LayerContents(index, entries, c, storedBytes, tarBytes, null);
    }

    private static final class CountingTar implements AutoCloseable {
        final TarArchiveInputStream tar;

        CountingTar(InputStream in) {
            tar = new TarArchiveInputStream(in);
        }

        public void close() throws IOException {
            tar.close();
        }
    }

    private static MessageDigest sha256() {
        return Digest.newSha256();
    }

    static String clean(String name) {
        String n = name;
        while (n.startsWith("./")) n = n.substring(2);
        while (n.startsWith("/")) n = n.substring(1);
        while (n.endsWith("/")) n = n.substring(0, n.length() - 1);
        if (n.equals(".")) n = "";
        return Path.of("/" + n).normalize().toString().substring(1);
    }
}
