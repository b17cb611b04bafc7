package dev.jdx.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jdx.image.Descriptor;
import dev.jdx.image.Digest;
import dev.jdx.image.Image;
import dev.jdx.image.ImageConfig;
import dev.jdx.image.ImageFormatException;
import dev.jdx.image.ImageRef;
import dev.jdx.image.Layer;
import dev.jdx.image.MediaType;
import dev.jdx.image.Platform;
import dev.jdx.image.Verification;
import dev.jdx.image.VerifyingInputStream;
import dev.jdx.image.source.ImageSelection;
import dev.jdx.image.source.ImageSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * An image in a registry, as an {@link ImageSource}: resolves the reference (and the platform, for an index) to a
 * manifest, reads the config, and hands out layers whose {@link Layer#open()} streams the blob — from the blob
 * cache when it is there, else from the network while filling the cache — verified against its digest.
 * {@code open()} is thread-safe, so layers may be scanned in parallel.
 *
 * <p>Construct with {@code new RegistrySource(ImageRef.parse("alpine:3.19"), RegistrySettings.defaults())}.
 */
public final class RegistrySource implements ImageSource {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_CONFIG_BYTES = 32 << 20;

    private final ImageRef ref;
    private final RegistrySettings settings;
    private final RegistryClient client;
    private final BlobCache cache;
    private final Map<Digest, byte[]> manifests = new ConcurrentHashMap<>();

    public RegistrySource(ImageRef ref, RegistrySettings settings) throws IOException {
        this.ref = ref;
        this.settings = settings;
        this.client = new RegistryClient(ref.registry(), settings);
        this.cache = settings.cacheDir() == null ? null : new BlobCache(settings.cacheDir());
    }

    /** Parses {@code reference} ({@code [docker://|registry:]name[:tag][@digest]}) and opens it. */
    public static RegistrySource open(String reference, RegistrySettings settings) throws IOException {
        return new RegistrySource(ImageRef.parse(reference), settings);
    }

    public ImageRef ref() {
        return ref;
    }

    /** The HTTP client (its request count shows what the cache saved). */
    public RegistryClient client() {
        return client;
    }

    @Override
    public String kind() {
        return "registry";
    }

    /** The manifest bytes of an image this source resolved, exactly as the registry served them. */
    public byte[] manifestBytes(Digest digest) {
        byte[] b = manifests.get(digest);
        return b == null ? null : b.clone();
    }

    @Override
    public Image resolve(ImageSelection selection) throws IOException {
        ImageSelection sel = selection == null ? ImageSelection.defaults() : selection;
        Verification v = sel.verification() == null ? Verification.strict() : sel.verification();
        RawManifest m = ref.digest() != null ? manifestByDigest(ref.digest(), v) : client.manifest(ref.repository(), ref.tag(), v);
        cacheManifest(m);
        for (int depth = 0; MediaType.isIndex(m.mediaType()); depth++) {
            if (depth > 2) throw new ImageFormatException(what() + ": indexes nested too deeply");
            JsonNode index = json(m.bytes(), "index " + m.digest());
            List<Descriptor> children = new ArrayList<>();
            for (JsonNode d : index.path("manifests")) children.add(descriptor(d));
            Descriptor chosen = PlatformSelector.select(children, sel.platform(), "choosing a platform in " + ref);
            RawManifest child = manifestByDigest(chosen.digest(), v);
            if (chosen.size() >= 0 && child.bytes().length != chosen.size()) {
                String msg = what() + ": manifest " + chosen.digest() + " is " + child.bytes().length + " bytes, the index says " + chosen.size();
                if (v.isStrict()) throw new ImageFormatException(msg);
                v.warn(msg);
            }
            cacheManifest(child);
            m = child;
        }
        if (!MediaType.isManifest(m.mediaType())) {
            throw new RegistryException(ErrorCode.UNSUPPORTED, 0, what() + ": unsupported manifest type " + m.mediaType());
        }
        JsonNode manifest = json(m.bytes(), "manifest " + m.digest());
        if (manifest.path("schemaVersion").asInt(0) != 2) {
            throw new ImageFormatException(what() + ": manifest " + m.digest() + " has schemaVersion " + manifest.path("schemaVersion").asText("(none)") + ", expected 2");
        }
        Descriptor configDescriptor = descriptor(manifest.path("config"));
        byte[] configBytes = readConfig(configDescriptor, v);
        ImageConfig config = ImageConfig.parse(configBytes, what() + " config " + configDescriptor.digest());
        Platform platform = config.platform();
        if (sel.platform() != null && !platform.satisfies(sel.platform())) {
            throw new RegistryException(ErrorCode.PLATFORM_NOT_FOUND, 0, what() + ": the image is for " + platform
                    + ", not the requested " + sel.platform() + "; available: " + platform);
        }
        List<Layer> layers = new ArrayList<>();
        int i = 0;
        for (JsonNode l : manifest.path("layers")) {
            Descriptor d = descriptor(l);
            Digest diffId = i < config.diffIds().size() ? config.diffIds().get(i) : null;
            layers.add(new RegistryLayer(i, d, diffId, v));
            i++;
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        manifest.path("annotations").properties().forEach(e -> annotations.put(e.getKey(), e.getValue().asText()));
        List<String> tags = ref.tag() == null ? List.of() : List.of(ref.toString().replaceAll("@.*$", ""));
        return new Image(ref.toString(), kind(), tags, m.digest(), m.mediaType(), configDescriptor, config, platform,
                layers, annotations);
    }

    /**
     * Downloads every layer not yet in the blob cache, {@link RegistrySettings#parallelism()} at a time, so later
     * {@link Layer#open()} calls read local files. Does nothing without a cache.
     */
    public void prefetch(Image image) throws IOException {
        if (cache == null) return;
        cache.removeStaleTemporaries(java.time.Duration.ofDays(1));
        List<Layer> missing = image.layers().stream().filter(l -> !cache.contains(l.descriptor().digest())).toList();
        if (missing.isEmpty()) return;
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(settings.parallelism(), missing.size()), r -> {
            Thread t = new Thread(r, "jdx-download");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Layer l : missing) {
                futures.add(pool.submit(() -> {
                    try (InputStream in = l.open()) {
                        in.transferTo(java.io.OutputStream.nullOutputStream());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    futures.forEach(x -> x.cancel(true));
                    Throwable c = e.getCause();
                    if (c instanceof UncheckedIOException u) throw u.getCause();
                    if (c instanceof RuntimeException r) throw r;
                    throw new IOException(what() + ": " + c, c);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException(what() + ": interrupted");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Override
    public void close() {
        client.close();
    }

    private String what() {
        return "reading " + ref;
    }

    private RawManifest manifestByDigest(Digest digest, Verification v) throws IOException {
        if (cache != null && cache.contains(digest)) {
            byte[] bytes;
            try (InputStream in = cache.open(new Descriptor(null, digest, -1), v, "manifest " + digest + " of " + ref)) {
                bytes = in.readAllBytes();
            }
            return new RawManifest(bytes, RegistryClient.mediaTypeOf(bytes, null), digest);
        }
        return client.manifest(ref.repository(), digest.toString(), v);
    }

    private void cacheManifest(RawManifest m) throws IOException {
        manifests.put(m.digest(), m.bytes());
        if (cache != null && Digest.sha256(m.bytes()).equals(m.digest())) cache.put(m.digest(), m.bytes());
    }

    private byte[] readConfig(Descriptor d, Verification v) throws IOException {
        String what = "reading config " + d.digest() + " of " + ref;
        if (d.size() > MAX_CONFIG_BYTES) throw new ImageFormatException(what + ": config of " + d.size() + " bytes is implausibly large");
        try (InputStream in = openBlob(d, v, what)) {
            return in.readAllBytes();
        }
    }

    /** A verified stream of a blob: from the cache, else from the network while filling the cache. */
    private InputStream openBlob(Descriptor d, Verification v, String what) throws IOException {
        if (cache != null && cache.contains(d.digest())) return cache.open(d, v, what);
        if (cache == null) return client.openBlob(ref.repository(), d, v, what);
        VerifyingInputStream strict = new VerifyingInputStream(client.openBlobUnverified(ref.repository(), d, what), what,
                d.digest(), d.size(), Verification.strict());
        return cache.tee(strict, d.digest(), v);
    }

    private JsonNode json(byte[] bytes, String what) throws ImageFormatException {
        try {
            JsonNode n = JSON.readTree(bytes);
            if (n == null || !n.isObject()) throw new ImageFormatException(what() + ": " + what + " is not a JSON object");
            return n;
        } catch (IOException e) {
            throw new ImageFormatException(what() + ": " + what + " is not valid JSON");
        }
    }

    private Descriptor descriptor(JsonNode n) throws ImageFormatException {
        try {
            Platform p = null;
            JsonNode pn = n.get("platform");
            if (pn != null && pn.isObject()) p = new Platform(pn.path("os").asText(null), pn.path("architecture").asText(null), pn.path("variant").asText(null));
            Map<String, String> ann = new HashMap<>();
            n.path("annotations").properties().forEach(e -> ann.put(e.getKey(), e.getValue().asText()));
            List<String> urls = new ArrayList<>();
            n.path("urls").forEach(u -> urls.add(u.asText()));
            return new Descriptor(n.path("mediaType").asText(null), Digest.parse(n.path("digest").asText(null)),
                    n.path("size").asLong(-1), p, ann, urls, n.path("artifactType").asText(null));
        } catch (IllegalArgumentException e) {
            throw new ImageFormatException(what() + ": bad descriptor: " + e.getMessage());
        }
    }

    /** A layer whose bytes stay in the registry (or the cache) until opened. */
    private final class RegistryLayer implements Layer {
        private final int index;
        private final Descriptor descriptor;
        private final Digest diffId;
        private final Verification verification;

        RegistryLayer(int index, Descriptor descriptor, Digest diffId, Verification verification) {
            this.index = index;
            this.descriptor = descriptor;
            this.diffId = diffId;
            this.verification = verification;
        }

        @Override
        public int index() {
            return index;
        }

        @Override
        public Descriptor descriptor() {
            return descriptor;
        }

        @Override
        public Digest diffId() {
            return diffId;
        }

        @Override
        public InputStream open() throws IOException {
            return openBlob(descriptor, verification, "reading layer " + (index + 1) + " (" + descriptor.digest() + ") of " + ref);
        }

        @Override
        public String toString() {
            return "layer " + index + " " + descriptor.digest();
        }
    }
}
