package dev.jdx.image.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jdx.image.Descriptor;
import dev.jdx.image.Digest;
import dev.jdx.image.Image;
import dev.jdx.image.ImageFormatException;
import dev.jdx.image.MediaType;
import dev.jdx.image.Platform;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An OCI image layout, as a directory ({@code oci:}) or inside a tar ({@code oci-archive:}, containerd exports):
 * resolves {@code index.json} by ref name, through nested indexes and Docker manifest lists, to one platform's
 * manifest. Attestation manifests are skipped; manifests of other platforms may be missing.
 */
final class OciSource implements ImageSource {
    private static final int MAX_DEPTH = 8;

    private final String kind;
    private final String reference;
    private final String display;
    private final String selector;
    private final BlobStore store;
    private final byte[] indexJson;
    private final Map<Digest, List<String>> tagsByConfig;
    private final Closeable resource;

    OciSource(String kind, String reference, String display, String selector, BlobStore store, byte[] indexJson,
              Map<Digest, List<String>> tagsByConfig, Closeable resource) {
        this.kind = kind;
        this.reference = reference;
        this.display = display;
        this.selector = selector;
        this.store = store;
        this.indexJson = indexJson;
        this.tagsByConfig = tagsByConfig;
        this.resource = resource;
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public void close() throws IOException {
        if (resource != null) resource.close();
    }

    /** A manifest reached from index.json: its descriptor, the platform its index gave it, and the top-level entry. */
    record Candidate(Descriptor manifest, Platform platform, Descriptor top) {}

    static List<Descriptor> topLevel(byte[] indexJson, String display) throws ImageFormatException {
        JsonNode root = Json.parse(indexJson, display + " index.json");
        if (!root.isObject()) throw new ImageFormatException(display + ": index.json is not a JSON object");
        JsonNode ms = root.get("manifests");
        List<Descriptor> top = new ArrayList<>();
        if (ms == null || ms.isNull()) return top;
        if (!ms.isArray()) throw new ImageFormatException(display + ": index.json 'manifests' is not an array");
        for (int i = 0; i < ms.size(); i++) top.add(Json.descriptor(ms.get(i), display + " index.json manifests[" + i + "]"));
        return top;
    }

    @Override
    public Image resolve(ImageSelection sel) throws IOException {
        String name = sel.name() != null ? sel.name() : selector;
        List<Descriptor> top = topLevel(indexJson, display);
        if (top.isEmpty()) throw new ImageFormatException(display + ": index.json lists no images");
        List<Descriptor> chosenTop = top;
        if (name != null) {
            chosenTop = top.stream().filter(d -> nameMatches(d, name)).toList();
            if (chosenTop.isEmpty()) {
                throw new SelectionException(display + ": no image named '" + name + "'; available: " + describe(top));
            }
        }
        Set<Digest> distinct = new LinkedHashSet<>();
        chosenTop.forEach(d -> distinct.add(d.digest()));
        boolean allPlatforms = chosenTop.stream().allMatch(d -> d.platform() != null);
        if (distinct.size() > 1 && !allPlatforms) {
            throw new SelectionException(display + " holds " + distinct.size() + " images; choose one with "
                    + "SOURCE:NAME or --image NAME: " + describe(chosenTop));
        }
        List<Candidate> candidates = new ArrayList<>();
        Set<Digest> seen = new LinkedHashSet<>();
        for (Descriptor d : chosenTop) {
            if (seen.add(d.digest())) expand(d, d, 0, candidates, new LinkedHashSet<>(), sel);
        }
        candidates.removeIf(c -> isAttestation(c));
        if (candidates.isEmpty()) throw new ImageFormatException(display + ": no image manifest found (only attestations or empty indexes)");
        Candidate chosen = choose(candidates, sel.platform());
        List<String> tags = new ArrayList<>();
        for (Descriptor d : top) {
            if (d.digest().equals(chosen.top().digest())) {
                String n = d.annotations().getOrDefault("io.containerd.image.name", d.refName());
                if (n != null && !tags.contains(n)) tags.add(n);
            }
        }
        return readManifest(chosen, tags, sel);
    }

    /**
     * Deviations from the image specs that do not stop the reading (jdx needs neither field to read the image), given
     * as warnings because other tools refuse such a manifest: a {@code schemaVersion} other than 2 (containerd and
     * the registry reject it), and a manifest whose own {@code mediaType} is not the one its index lists it with
     * (a Docker manifest listed as an OCI one: pulls by media type get the wrong document).
     */
    private void conformance(JsonNode m, Descriptor md, String what, ImageSelection sel) {
        JsonNode v = m.get("schemaVersion");
        if (v == null || v.isNull()) {
            sel.verification().warn(display + ": " + what + " has no schemaVersion (the image specs require 2)");
        } else if (!v.isIntegralNumber() || v.asInt() != 2) {
            sel.verification().warn(display + ": " + what + " has schemaVersion " + v + " (the image specs require 2)");
        }
        String own = Json.text(m, "mediaType");
        if (own != null && md.mediaType() != null && MediaType.isManifest(own) && MediaType.isManifest(md.mediaType())
                && !own.equals(md.mediaType())) {
            sel.verification().warn(display + ": " + what + " has media type " + own + " but is listed with media type " + md.mediaType());
        }
    }

    private static boolean isAttestation(Candidate c) {
        return (c.platform() != null && c.platform().isUnknown())
                || "attestation-manifest".equals(c.manifest().annotations().get("vnd.docker.reference.type"));
    }

    private static boolean nameMatches(Descriptor d, String name) {
        if (name.equals(d.digest().toString())) return true;
        String ref = d.refName();
        String full = d.annotations().get("io.containerd.image.name");
        return name.equals(ref) || ImageNames.matches(name, full) || (ref != null && ref.contains("/") && ImageNames.matches(name, ref));
    }

    private static String describe(List<Descriptor> ds) {
        List<String> out = new ArrayList<>();
        for (Descriptor d : ds) {
            String n = d.annotations().getOrDefault("io.containerd.image.name", d.refName());
            out.add((n == null ? "(unnamed)" : n) + " " + d.digest().algorithm() + ":" + d.digest().shortHex()
                    + (d.platform() == null ? "" : " " + d.platform()));
        }
        return String.join(", ", new LinkedHashSet<>(out));
    }

    /** Follows indexes down to manifests; an unknown media type is sniffed from the blob itself. */
    private void expand(Descriptor d, Descriptor top, int depth, List<Candidate> out, Set<Digest> path, ImageSelection sel)
            throws IOException {
        if (depth > MAX_DEPTH) throw new ImageFormatException(display + ": indexes nested deeper than " + MAX_DEPTH);
        if (!path.add(d.digest())) throw new ImageFormatException(display + ": index " + d.digest() + " refers to itself");
        String mt = d.mediaType();
        JsonNode node = null;
        if (!MediaType.isIndex(mt) && !MediaType.isManifest(mt) && store.has(d.digest())) {
            node = readJson(d, "manifest or index " + d.digest().shortHex(), sel);
            mt = sniff(node, mt);
        }
        if (MediaType.isIndex(mt)) {
            if (!store.has(d.digest())) {
                throw new ImageFormatException(display + ": index " + d.digest() + " is listed but its blob is missing");
            }
            if (node == null) node = readJson(d, "index " + d.digest().shortHex(), sel);
            JsonNode ms = node.get("manifests");
            if (ms != null && ms.isArray()) {
                for (int i = 0; i < ms.size(); i++) {
                    Descriptor child = Json.descriptor(ms.get(i), display + " index " + d.digest().shortHex() + " manifests[" + i + "]");
                    expand(child, top, depth + 1, out, path, sel);
                }
            }
        } else {
            out.add(new Candidate(d, d.platform(), top));
        }
        path.remove(d.digest());
    }

    private static String sniff(JsonNode node, String declared) {
        String own = Json.text(node, "mediaType");
        if (MediaType.isIndex(own) || MediaType.isManifest(own) || MediaType.isSchema1(own)) return own;
        if (node.has("manifests")) return MediaType.OCI_INDEX;
        if (node.has("config") || node.has("layers")) return MediaType.OCI_MANIFEST;
        return declared;
    }

    private JsonNode readJson(Descriptor d, String what, ImageSelection sel) throws IOException {
        byte[] bytes = readBlob(d, what, sel);
        JsonNode n = Json.parse(bytes, display + " " + what);
        if (!n.isObject()) throw new ImageFormatException(display + " " + what + ": not a JSON object");
        return n;
    }

    private byte[] readBlob(Descriptor d, String what, ImageSelection sel) throws IOException {
        if (!store.has(d.digest())) throw new ImageFormatException(display + ": " + what + " blob " + d.digest() + " is missing");
        byte[] bytes = Json.readCapped(store.open(d.digest()), display + " " + what);
        Digest actual = new Digest(d.digest().algorithm(), HexFormat.of().formatHex(d.digest().newMessageDigest().digest(bytes)));
        sel.verification().check(display + " " + what, d.digest(), actual);
        return bytes;
    }

    private Candidate choose(List<Candidate> all, Platform wanted) throws IOException {
        Map<Digest, Candidate> byDigest = new LinkedHashMap<>();
        for (Candidate c : all) byDigest.putIfAbsent(c.manifest().digest(), c);
        List<Candidate> cands = new ArrayList<>(byDigest.values());
        if (cands.size() == 1) {
            Candidate c = cands.get(0);
            if (!store.has(c.manifest().digest())) {
                throw new ImageFormatException(display + ": manifest " + c.manifest().digest() + " is listed but its blob is missing");
            }
            return c; // a platform mismatch is reported once the config says what the image is
        }
        List<Candidate> present = cands.stream().filter(c -> store.has(c.manifest().digest())).toList();
        Platform w = wanted != null ? wanted : Platform.LINUX_AMD64;
        List<Candidate> match = present.stream().filter(c -> c.platform() != null && c.platform().satisfies(w)).toList();
        if (!match.isEmpty()) {
            return match.stream().filter(c -> c.platform().equals(w)).findFirst().orElse(match.get(0));
        }
        Set<String> available = new LinkedHashSet<>();
        present.forEach(c -> available.add(String.valueOf(c.platform())));
        if (wanted == null) {
            if (present.isEmpty()) throw new ImageFormatException(display + ": none of the " + cands.size() + " listed manifests is present");
            if (available.size() == 1) return present.get(0);
            throw new SelectionException(display + " holds several platforms (" + String.join(", ", available)
                    + ") and not linux/amd64; choose one with --platform");
        }
        for (Candidate c : cands) {
            if (c.platform() != null && c.platform().satisfies(w)) {
                throw new ImageFormatException(display + ": the manifest for " + w + " (" + c.manifest().digest()
                        + ") is listed but its blob is missing");
            }
        }
        throw new SelectionException(display + ": platform " + w + " is not available; available: "
                + (available.isEmpty() ? "none" : String.join(", ", available)));
    }

    private Image readManifest(Candidate c, List<String> tags, ImageSelection sel) throws IOException {
        Descriptor md = c.manifest();
        String what = "manifest " + md.digest().shortHex();
        JsonNode m = readJson(md, what, sel);
        String mt = sniff(m, md.mediaType());
        if (MediaType.isSchema1(mt) || m.path("schemaVersion").asInt(2) == 1) {
            throw new ImageFormatException(display + ": " + what + " is a Docker schema 1 manifest, which jdx does not read");
        }
        if (!m.path("config").isObject()) throw new ImageFormatException(display + ": " + what + " has no config descriptor");
        conformance(m, md, what, sel);
        Descriptor cd = Json.descriptor(m.get("config"), display + " " + what + " config");
        if (cd.mediaType() != null && !MediaType.isImageConfig(cd.mediaType())) {
            throw new ImageFormatException(display + ": not a container image: config media type " + cd.mediaType());
        }
        List<Descriptor> layers = new ArrayList<>();
        List<BlobLayer.Opener> openers = new ArrayList<>();
        JsonNode ls = m.get("layers");
        if (ls != null && !ls.isNull() && !ls.isArray()) throw new ImageFormatException(display + ": " + what + " 'layers' is not an array");
        if (ls != null && ls.isArray()) {
            for (int i = 0; i < ls.size(); i++) {
                Descriptor ld = Json.descriptor(ls.get(i), display + " " + what + " layers[" + i + "]");
                if (ld.mediaType() != null && !MediaType.isLayer(ld.mediaType())) {
                    throw new ImageFormatException(display + ": not a container image: layer " + i + " has media type " + ld.mediaType());
                }
                layers.add(ld);
                Digest dg = ld.digest();
                openers.add(() -> store.open(dg));
            }
        }
        byte[] config = readConfig(cd, what);
        List<String> repoTags = new ArrayList<>(tags);
        for (String t : tagsByConfig.getOrDefault(cd.digest(), List.of())) if (!repoTags.contains(t)) repoTags.add(t);
        return ImageAssembler.assemble(new ImageAssembler.Found(reference, kind, display, repoTags, md.digest(), mt, cd, config,
                c.platform(), layers, openers, Json.stringMap(m.get("annotations"))), sel);
    }

    private byte[] readConfig(Descriptor cd, String what) throws IOException {
        if (!store.has(cd.digest())) {
            throw new ImageFormatException(display + ": config blob " + cd.digest() + " of " + what + " is missing");
        }
        return Json.readCapped(store.open(cd.digest()), display + " config " + cd.digest().shortHex());
    }

    /**
     * Finds, among the manifests reachable from an embedded index.json whose blobs are present, the one whose config
     * is {@code config} (Docker 25+ saves carry both manifest.json and an OCI layout). Null when none.
     */
    static Map.Entry<Descriptor, JsonNode> findByConfig(BlobStore store, byte[] indexJson, String display, Digest config) {
        try {
            List<Descriptor> todo = new ArrayList<>(topLevel(indexJson, display));
            Set<Digest> seen = new LinkedHashSet<>();
            while (!todo.isEmpty() && seen.size() < 256) {
                Descriptor d = todo.remove(0);
                if (!seen.add(d.digest()) || !store.has(d.digest()) || store.size(d.digest()) > Json.MAX_METADATA) continue;
                JsonNode n = Json.parse(Json.readCapped(store.open(d.digest()), display), display);
                if (!n.isObject()) continue;
                if (n.has("manifests") && n.get("manifests").isArray()) {
                    for (JsonNode c : n.get("manifests")) todo.add(Json.descriptor(c, display));
                } else if (n.path("config").isObject()
                        && config.toString().equals(Json.text(n.get("config"), "digest"))) {
                    return Map.entry(d, n);
                }
            }
        } catch (IOException | RuntimeException e) {
            // enrichment only: a broken embedded layout leaves the manifest.json reading as it is
        }
        return null;
    }
}
