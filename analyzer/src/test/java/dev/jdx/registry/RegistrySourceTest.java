package dev.jdx.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jdx.fixtures.Processes;
import dev.jdx.fixtures.RealRegistry;
import dev.jdx.fixtures.Requirements;
import dev.jdx.fixtures.TestLayout;
import dev.jdx.image.Compression;
import dev.jdx.image.Digest;
import dev.jdx.image.Image;
import dev.jdx.image.ImageRef;
import dev.jdx.image.Layer;
import dev.jdx.image.Platform;
import dev.jdx.image.Verification;
import dev.jdx.image.source.ImageSelection;
import dev.jdx.registry.auth.Keychain;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link RegistrySource} against a real {@code docker-registry} holding images pushed by the real {@code skopeo}:
 * an OCI image, a two-platform OCI index and Docker manifest list (with an attestation-like unknown/unknown
 * entry), zstd layers, and the real-world dive image. Every case compares with what skopeo itself reads back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistrySourceTest {
    private RealRegistry registry;
    private Path work;
    private Path layout;

    @BeforeAll
    void pushImages() throws IOException {
        Requirements.tool("docker-registry");
        Requirements.tool("skopeo");
        work = Files.createTempDirectory("jdx-regsrc");
        layout = work.resolve("layout");
        TestLayout l = new TestLayout(layout);
        l.tag("single", l.image("linux", "amd64", List.of(
                TestLayout.tar(Map.of("etc/os-release", "ID=jdx\n", "bin/app", "#!/bin/sh\necho amd64\n")),
                TestLayout.tar(Map.of("app/data.txt", "x".repeat(200_000), "app/readme", "hello\n")))));
        var amd = l.image("linux", "amd64", List.of(TestLayout.tar(Map.of("arch", "amd64\n"))));
        var arm = l.image("linux", "arm64", List.of(TestLayout.tar(Map.of("arch", "arm64\n")), TestLayout.tar(Map.of("extra", "arm only\n"))));
        var att = l.image("unknown", "unknown", List.of(TestLayout.tar(Map.of("attestation.json", "{}\n"))));
        l.tag("multi", l.index(List.of(amd, arm, att)));
        l.tag("armonly", l.index(List.of(arm, att)));
        registry = RealRegistry.startPlain();
        push("oci:" + layout + ":single", "app:single");
        push("oci:" + layout + ":single", "app:zstd", "--dest-compress-format", "zstd");
        push("oci:" + layout + ":multi", "multi:oci", "--all");
        push("oci:" + layout + ":multi", "multi:v2s2", "--all", "--format", "v2s2");
        push("oci:" + layout + ":armonly", "armonly:1", "--all");
        push("docker-archive:" + Requirements.realworld("dive/test-docker-image.tar"), "dive:latest");
    }

    private void push(String from, String to, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("copy", "--quiet", "--dest-tls-verify=false"));
        args.addAll(List.of(extra));
        args.add(from);
        args.add(registry.docker(to));
        Processes.skopeo(args.toArray(String[]::new));
    }

    @AfterAll
    void stop() throws IOException {
        if (registry != null) registry.close();
        TestLayout.deleteTree(work);
    }

    private RegistrySettings settings(Path cache) {
        return RegistrySettings.defaults().withKeychain(Keychain.anonymous()).withCacheDir(cache)
                .withCertsDirs(List.of()).withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(20));
    }

    static Stream<Arguments> images() {
        return Stream.of(
                Arguments.of("app:single", "amd64", null),
                Arguments.of("app:zstd", "amd64", null),
                Arguments.of("multi:oci", "amd64", null),
                Arguments.of("multi:oci", "arm64", "linux/arm64"),
                Arguments.of("multi:v2s2", "amd64", "linux/amd64"),
                Arguments.of("multi:v2s2", "arm64", "linux/arm64/v8"),
                Arguments.of("armonly:1", "arm64", null),
                Arguments.of("dive:latest", "amd64", null));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("images")
    void resolvesWhatSkopeoReads(String name, String arch, String platform, @TempDir Path cache) throws IOException {
        Pushed expected = Pushed.inspect(registry.docker(name), arch);
        try (RegistrySource src = new RegistrySource(ImageRef.parse(registry.host() + "/" + name), settings(cache))) {
            Image image = src.resolve(new ImageSelection(null, platform == null ? null : Platform.parse(platform), Verification.strict()));
            assertThat(image.manifestDigest()).hasToString(expected.manifestDigest());
            assertThat(image.id()).hasToString(expected.configDigest());
            assertThat(image.platform().architecture()).isEqualTo(arch);
            assertThat(image.layers()).extracting(l -> l.descriptor().digest().toString()).containsExactlyElementsOf(expected.layerDigests());
            assertThat(image.layers()).extracting(l -> String.valueOf(l.diffId())).containsExactlyElementsOf(expected.diffIds());
            for (Layer l : image.layers()) assertLayerBytes(l);
        }
    }

    /** The stored bytes hash to the layer digest, and once decompressed to the diff_id. */
    static void assertLayerBytes(Layer l) throws IOException {
        MessageDigest stored = Digest.newSha256();
        MessageDigest plain = Digest.newSha256();
        try (InputStream in = new DigestInputStream(l.open(), stored);
             InputStream tar = Compression.decompress(in)) {
            new DigestInputStream(tar, plain).transferTo(OutputStream.nullOutputStream());
            in.transferTo(OutputStream.nullOutputStream()); // drain to the verified end
        }
        assertThat(Digest.ofSha256(stored.digest())).isEqualTo(l.descriptor().digest());
        assertThat(Digest.ofSha256(plain.digest())).isEqualTo(l.diffId());
    }

    @Test
    void ociPushKeepsTheLayoutsDigests() throws IOException {
        TestLayout.ImageInfo info = TestLayout.describe(layout, "single", "linux", "amd64");
        try (RegistrySource src = new RegistrySource(ImageRef.parse(registry.host() + "/app:single"), settings(null))) {
            Image image = src.resolve(ImageSelection.defaults());
            assertThat(image.manifestDigest()).hasToString(info.manifestDigest());
            assertThat(image.id()).hasToString(info.configDigest());
            assertThat(image.layers()).extracting(l -> l.descriptor().digest().toString()).containsExactlyElementsOf(info.layerDigests());
            assertThat(image.layers()).extracting(l -> l.diffId().toString()).containsExactlyElementsOf(info.diffIds());
        }
    }

    @Test
    void absentPlatformListsTheAvailableOnes() throws IOException {
        try (RegistrySource src = new RegistrySource(ImageRef.parse(registry.host() + "/multi:oci"), settings(null))) {
            assertThatThrownBy(() -> src.resolve(new ImageSelection(null, Platform.parse("linux/s390x"), Verification.strict())))
                    .isInstanceOf(RegistryException.class)
                    .hasMessageContaining("linux/s390x").hasMessageContaining("linux/amd64, linux/arm64")
                    .hasMessageNotContaining("unknown/unknown")
                    .satisfies(e -> assertThat(((RegistryException) e).code()).isEqualTo(ErrorCode.PLATFORM_NOT_FOUND));
        }
    }

    @Test
    void digestReferenceIsVerifiedAndPinned() throws IOException {
        Pushed expected = Pushed.inspect(registry.docker("app:single"), "amd64");
        String pinned = registry.host() + "/app@" + expected.manifestDigest();
        try (RegistrySource src = new RegistrySource(ImageRef.parse(pinned), settings(null))) {
            assertThat(src.resolve(ImageSelection.defaults()).manifestDigest()).hasToString(expected.manifestDigest());
        }
        String wrong = registry.host() + "/app@sha256:" + "0".repeat(64);
        try (RegistrySource src = new RegistrySource(ImageRef.parse(wrong), settings(null))) {
            assertThatThrownBy(() -> src.resolve(ImageSelection.defaults())).isInstanceOf(RegistryException.class)
                    .hasMessageContaining("MANIFEST_UNKNOWN").hasMessageContaining(registry.host() + "/app");
        }
    }

    @Test
    void unknownNamesGiveTheRegistrysErrorCodes() throws IOException {
        try (RegistrySource src = new RegistrySource(ImageRef.parse(registry.host() + "/nosuch:1"), settings(null))) {
            assertThatThrownBy(() -> src.resolve(ImageSelection.defaults())).isInstanceOf(RegistryException.class)
                    // distribution 2.8.2 answers an unknown repository's manifest with MANIFEST_UNKNOWN
                    .hasMessageContaining("MANIFEST_UNKNOWN").hasMessageContaining(registry.host() + "/nosuch")
                    .hasMessageContaining("manifest 1").hasMessageContaining("HTTP 404")
                    .satisfies(e -> assertThat(((RegistryException) e).code()).isEqualTo(ErrorCode.MANIFEST_UNKNOWN));
        }
        try (RegistrySource src = new RegistrySource(ImageRef.parse(registry.host() + "/app:nosuchtag"), settings(null))) {
            assertThatThrownBy(() -> src.resolve(ImageSelection.defaults()))
                    .satisfies(e -> assertThat(((RegistryException) e).code()).isEqualTo(ErrorCode.MANIFEST_UNKNOWN))
                    .hasMessageContaining("nosuchtag");
        }
        try (RegistryClient c = new RegistryClient(registry.host(), settings(null))) {
            Digest missing = Digest.sha256("no such blob");
            assertThatThrownBy(() -> c.openBlob("app", new dev.jdx.image.Descriptor(null, missing, 12), Verification.strict(), "reading blob " + missing))
                    .satisfies(e -> assertThat(((RegistryException) e).code()).isEqualTo(ErrorCode.BLOB_UNKNOWN))
                    .hasMessageContaining(missing.toString());
        }
    }

    @Test
    void schema1IsRejectedWithAClearMessage() throws IOException {
        try (RealRegistry old = RealRegistry.builder().schema1().start()) {
            Processes.skopeo("copy", "--quiet", "--dest-tls-verify=false", "--format", "v2s1",
                    "oci:" + layout + ":single", old.docker("legacy:1"));
            try (RegistrySource src = new RegistrySource(ImageRef.parse(old.host() + "/legacy:1"), settings(null))) {
                assertThatThrownBy(() -> src.resolve(ImageSelection.defaults())).isInstanceOf(RegistryException.class)
                        .hasMessageContaining("schema 1").hasMessageContaining(old.host() + "/legacy")
                        .satisfies(e -> assertThat(((RegistryException) e).code()).isEqualTo(ErrorCode.SCHEMA1));
            }
        }
    }

    @Test
    void abandonedDownloadLeavesNothingInTheCache(@TempDir Path cache) throws IOException {
        try (RegistrySource src = new RegistrySource(ImageRef.parse(registry.host() + "/app:single"), settings(cache))) {
            Image image = src.resolve(ImageSelection.defaults());
            Layer big = image.layers().get(1);
            try (InputStream in = big.open()) {
                assertThat(in.readNBytes(100)).hasSize(100); // the reader stops early, as a killed download would
            }
            Path entry = cache.resolve("sha256").resolve(big.descriptor().digest().hex());
            assertThat(entry).doesNotExist();
            try (Stream<Path> s = Files.list(entry.getParent())) {
                assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".tmp-"));
            }
            assertLayerBytes(big);
            assertThat(entry).exists();
            assertThat(Digest.sha256(Files.readAllBytes(entry))).isEqualTo(big.descriptor().digest());
        }
    }

    @Test
    void secondInspectReadsNoBlobFromTheNetworkAndDigestRefsWorkOffline(@TempDir Path cache) throws Exception {
        Pushed expected = Pushed.inspect(registry.docker("dive:latest"), "amd64");
        ImageRef ref = ImageRef.parse(registry.host() + "/dive:latest");
        long firstRequests;
        try (RegistrySource src = new RegistrySource(ref, settings(cache))) {
            Image image = src.resolve(ImageSelection.defaults());
            // several threads at once, as the layer scanner does
            src.prefetch(image);
            firstRequests = src.client().requestCount();
            assertThat(firstRequests).isGreaterThan(image.layers().size());
        }
        try (RegistrySource src = new RegistrySource(ref, settings(cache))) {
            Image image = src.resolve(ImageSelection.defaults());
            for (Layer l : image.layers()) assertLayerBytes(l);
            // the tag still has to be resolved: the plain-http probe (loopback: asked in plain HTTP first, no TLS
            // attempt) and one manifest request; no blob
            assertThat(src.client().requestCount()).isEqualTo(2);
        }
        // with the registry gone, a digest reference resolves from the cache alone
        RealRegistry offline = RealRegistry.startPlain();
        ImageRef pinned = ImageRef.parse(offline.host() + "/dive@" + expected.manifestDigest());
        offline.close();
        try (RegistrySource src = new RegistrySource(pinned, settings(cache))) {
            Image image = src.resolve(ImageSelection.defaults());
            assertThat(image.id()).hasToString(expected.configDigest());
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Object>> fs = new ArrayList<>();
                for (Layer l : image.layers()) fs.add(pool.submit((Callable<Object>) () -> {
                    assertLayerBytes(l);
                    return null;
                }));
                for (Future<Object> f : fs) f.get();
            } finally {
                pool.shutdownNow();
            }
            assertThat(src.client().requestCount()).isZero();
        }
    }
}
