package dev.jdx.image.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jdx.image.Compression;
import dev.jdx.image.Descriptor;
import dev.jdx.image.Digest;
import dev.jdx.image.Image;
import dev.jdx.image.ImageFormatException;
import dev.jdx.image.MediaType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code docker save} archive in any of its variants: dockerd's {@code <id>/layer.tar}, skopeo/podman's
 * {@code <diffid>.tar} with {@code <id>/layer.tar} symlinks, Docker 25+'s embedded OCI layout with
 * {@code blobs/sha256/} layers, and kaniko's flat {@code <hex>.tar.gz} layers with a {@code sha256:<hex>} config.
 *
 * <p>Layer digests: {@code manifest.json} records none, so each layer's descriptor digest is chosen so that
 * {@link dev.jdx.image.Layer#open()} can verify the stored bytes without reading them twice:
 * <ul>
 *   <li>a member under {@code blobs/<alg>/<hex>} is content-addressed: that digest;</li>
 *   <li>else Docker 25+'s {@code LayerSources} entry for the layer's diff_id, when its size equals the member's;</li>
 *   <li>else an uncompressed member (magic bytes) is the diff_id itself: its digest is the diff_id;</li>
 *   <li>else a compressed member whose file name is a hex digest other than the diff_id (kaniko) is taken as named;</li>
 *   <li>else (a compressed member named by its diff_id, or {@code <id>/layer.tar}) the digest is null: only the size
 *       is checked when streaming, and integrity rests on the scanner's diff_id check of the uncompressed stream.</li>
 * </ul>
 * Media types are DOCKER_LAYER / DOCKER_LAYER_GZIP (OCI_LAYER_ZSTD for zstd) from the member's magic bytes.
 */
final class DockerArchiveSource implements ImageSource {
    private static final Pattern HEX_NAME = Pattern.compile("(?:.*/)?(?:sha256:)?([0-9a-f]{64})(?:\\.json|\\.tar|\\.tar\\.gz|\\.tgz|\\.gz|\\.tar\\.zst)?");
    private static final Pattern BLOB_PATH = Pattern.compile("blobs/(sha256|sha384|sha512)/([0-9a-f]+)");

    private final TarArchive tar;
    private final String reference;
    private final String selector;

    DockerArchiveSource(TarArchive tar, String reference, String selector) {
        this.tar = tar;
        this.reference = reference;
        this.selector = selector;
    }

    @Override
    public String kind() {
        return SourceSpec.DOCKER_ARCHIVE;
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }

    /** One {@code manifest.json} entry. */
    record Entry(int index, String config, List<String> repoTags, List<String> layers, JsonNode layerSources) {
        String label() {
            return repoTags.isEmpty() ? "#" + index + " (config " + config + ")" : String.join(" ", repoTags);
        }
    }

    static List<Entry> entries(TarArchive tar) throws IOException {
        String d = tar.display();
        if (!tar.has("manifest.json")) {
            throw new ImageFormatException(d + ": not a docker-archive: no manifest.json"
                    + (tar.has("repositories") ? " (only a legacy 'repositories' file, which jdx does not read)" : ""));
        }
        JsonNode root = Json.parse(tar.readSmall("manifest.json", d + " manifest.json"), d + " manifest.json");
        if (root.isNull()) throw new ImageFormatException(d + ": manifest.json is null (it lists no images)");
        if (!root.isArray()) throw new ImageFormatException(d + ": manifest.json is not a JSON array");
        if (root.isEmpty()) throw new ImageFormatException(d + ": manifest.json lists no images");
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode e = root.get(i);
            String what = d + ": manifest.json entry " + i;
            if (!e.isObject()) throw new ImageFormatException(what + " is not a JSON object");
            String config = Json.text(e, "Config");
            if (config == null) throw new ImageFormatException(what + " has no Config");
            List<String> tags = new ArrayList<>();
            JsonNode rt = e.get("RepoTags");
            if (rt != null && rt.isArray()) rt.forEach(t -> tags.add(t.asText()));
            JsonNode ls = e.get("Layers");
            if (ls == null || !ls.isArray()) throw new ImageFormatException(what + " has no Layers array");
            List<String> layers = new ArrayList<>();
            for (JsonNode l : ls) {
                if (!l.isTextual()) throw new ImageFormatException(what + " has a non-string Layers element");
                layers.add(l.asText());
            }
            out.add(new Entry(i, config, List.copyOf(tags), layers, e.get("LayerSources")));
        }
        return out;
    }

    @Override
    public Image resolve(ImageSelection sel) throws IOException {
        String d = tar.display();
        List<Entry> entries = entries(tar);
        String name = sel.name() != null ? sel.name() : selector;
        Entry chosen;
        if (name != null && name.matches("@\\d{1,9}")) {
            // skopeo's docker-archive:path:@N picks the N-th manifest.json entry
            int i = Integer.parseInt(name.substring(1));
            if (i >= entries.size()) {
                throw new SelectionException(d + ": no image @" + i + "; it holds " + entries.size() + ": " + labels(entries));
            }
            chosen = entries.get(i);
        } else if (name != null) {
            List<Entry> m = entries.stream().filter(e -> e.repoTags().stream().anyMatch(t -> ImageNames.matches(name, t))
                    || configMatches(e.config(), name)).toList();
            if (m.isEmpty()) throw new SelectionException(d + ": no image named '" + name + "'; available: " + labels(entries));
            chosen = m.get(0);
        } else if (entries.size() > 1) {
            throw new SelectionException(d + " holds " + entries.size() + " images; choose one with SOURCE:NAME or --image NAME: "
                    + labels(entries));
        } else {
            chosen = entries.get(0);
        }
        return read(chosen, sel);
    }

    private static boolean configMatches(String config, String name) {
        Matcher m = HEX_NAME.matcher(config);
        if (!m.matches()) return false;
        String hex = m.group(1);
        String n = name.startsWith("sha256:") ? name.substring(7) : name;
        return n.length() >= 12 && hex.startsWith(n);
    }

    private static String labels(List<Entry> entries) {
        List<String> l = new ArrayList<>();
        entries.forEach(e -> l.add(e.label()));
        return String.join(", ", l);
    }

    private Image read(Entry e, ImageSelection sel) throws IOException {
        String d = tar.display();
        String where = d;
        String configName = TarArchive.safeName(e.config(), d + ": config");
        byte[] config = tar.readSmall(configName, d + ": config");
        // the image id is the digest of the config's content, as docker load computes it; a member name is a content
        // address only under blobs/ (Docker 25+), elsewhere a disagreeing name is a warning, not a failure
        Digest claimed = digestFromName(configName);
        Digest configDigest = claimed == null ? Digest.sha256(config)
                : new Digest(claimed.algorithm(), java.util.HexFormat.of().formatHex(claimed.newMessageDigest().digest(config)));
        if (claimed != null && !claimed.equals(configDigest)) {
            if (BLOB_PATH.matcher(configName).matches()) {
                sel.verification().check("config of " + d, claimed, configDigest);
            } else {
                sel.verification().warn("config of " + d + ": member name " + configName + " does not match its content digest "
                        + configDigest + "; using the content digest");
            }
        }
        Descriptor cd = new Descriptor(MediaType.DOCKER_CONFIG, configDigest, config.length);

        // Docker 25+ embeds an OCI layout: take the real manifest digest and layer descriptors from it when present
        Map.Entry<Descriptor, JsonNode> oci = embeddedManifest(configDigest);
        Map<String, Descriptor> ociLayers = new HashMap<>();
        if (oci != null && oci.getValue().path("layers").isArray()) {
            for (JsonNode l : oci.getValue().get("layers")) {
                Descriptor ld = Json.descriptor(l, d + " embedded manifest");
                ociLayers.put(BlobStore.path(ld.digest()), ld);
            }
        }
        List<Digest> diffIds = diffIdsOrEmpty(config);
        List<Descriptor> layers = new ArrayList<>();
        List<BlobLayer.Opener> openers = new ArrayList<>();
        for (int i = 0; i < e.layers().size(); i++) {
            String what = d + ": layer " + i;
            String memberName = TarArchive.safeName(e.layers().get(i), what);
            TarArchive.Member m = tar.resolve(memberName, what);
            byte[] head = tar.head(m, 4);
            Compression c = Compression.detect(head, head.length);
            Digest diffId = i < diffIds.size() ? diffIds.get(i) : null;
            Descriptor desc = ociLayers.get(memberName);
            if (desc == null) desc = layerDescriptor(memberName, m, c, diffId, e.layerSources());
            layers.add(desc);
            openers.add(() -> tar.open(m));
        }
        String mmt = oci == null ? null : sniffType(oci);
        return ImageAssembler.assemble(new ImageAssembler.Found(reference, kind(), where, e.repoTags(),
                oci == null ? null : oci.getKey().digest(), mmt, cd, config, null, layers, openers,
                oci == null ? Map.of() : Json.stringMap(oci.getValue().get("annotations"))), sel);
    }

    /** The manifest of an embedded OCI layout whose config is {@code config}, or null (enrichment only: never fails). */
    private Map.Entry<Descriptor, JsonNode> embeddedManifest(Digest config) {
        if (!tar.has("index.json")) return null;
        try {
            byte[] index = tar.readSmall("index.json", tar.display() + " index.json");
            return OciSource.findByConfig(new BlobStore.Archive(tar), index, tar.display(), config);
        } catch (IOException e) {
            return null;
        }
    }

    private static String sniffType(Map.Entry<Descriptor, JsonNode> oci) {
        String own = Json.text(oci.getValue(), "mediaType");
        return own != null ? own : oci.getKey().mediaType();
    }

    private static List<Digest> diffIdsOrEmpty(byte[] config) {
        try {
            List<Digest> out = new ArrayList<>();
            for (JsonNode n : Json.MAPPER.readTree(config).path("rootfs").path("diff_ids")) out.add(Digest.parse(n.asText()));
            return out;
        } catch (IOException | RuntimeException ex) {
            return List.of(); // the shared assembler reports a malformed config properly
        }
    }

    private static Descriptor layerDescriptor(String name, TarArchive.Member m, Compression c, Digest diffId, JsonNode sources) {
        String mt = switch (c) {
            case GZIP -> MediaType.DOCKER_LAYER_GZIP;
            case ZSTD -> MediaType.OCI_LAYER_ZSTD;
            case NONE -> MediaType.DOCKER_LAYER;
        };
        Matcher bp = BLOB_PATH.matcher(name);
        if (bp.matches()) {
            try {
                return new Descriptor(mt, new Digest(bp.group(1), bp.group(2)), m.size());
            } catch (IllegalArgumentException ignored) {
                // not a well-formed digest path: fall through
            }
        }
        if (diffId != null && sources != null && sources.isObject()) {
            JsonNode s = sources.get(diffId.toString());
            if (s != null && s.path("size").asLong(-1) == m.size()) {
                try {
                    Descriptor ls = Json.descriptor(s, "LayerSources");
                    return new Descriptor(ls.mediaType() != null ? ls.mediaType() : mt, ls.digest(), m.size());
                } catch (ImageFormatException ignored) {
                    // a malformed LayerSources entry is only a hint
                }
            }
        }
        if (c == Compression.NONE) return new Descriptor(mt, diffId, m.size());
        Digest named = digestFromName(name);
        if (named != null && !named.equals(diffId) && !name.endsWith("/layer.tar")) return new Descriptor(mt, named, m.size());
        return new Descriptor(mt, null, m.size());
    }

    /** The digest a member's name claims ({@code <hex>.json}, {@code sha256:<hex>}, {@code blobs/sha256/<hex>}), or null. */
    static Digest digestFromName(String name) {
        Matcher bp = BLOB_PATH.matcher(name);
        if (bp.matches()) {
            try {
                return new Digest(bp.group(1), bp.group(2));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        Matcher m = HEX_NAME.matcher(name);
        return m.matches() && !name.endsWith("/layer.tar") ? new Digest("sha256", m.group(1)) : null;
    }
}
