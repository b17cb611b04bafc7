package dev.jdx.image.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jdx.fixtures.BuiltImage;
import dev.jdx.fixtures.DockerArchiveWriter;
import dev.jdx.fixtures.DockerArchiveWriter.Layout;
import dev.jdx.fixtures.DockerArchiveWriter.Tagged;
import dev.jdx.fixtures.ImageBuilder;
import dev.jdx.fixtures.LayerBuilder;
import dev.jdx.fixtures.LayerCompression;
import dev.jdx.fixtures.OciLayoutWriter;
import dev.jdx.image.Digest;
import dev.jdx.image.Image;
import dev.jdx.image.ImageFormatException;
import dev.jdx.image.Layer;
import dev.jdx.image.MediaType;
import dev.jdx.image.Platform;
import dev.jdx.image.Verification;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Round trips: images written by the fixtures writer in every format and compression, read back by {@link ImageSources}. */
@Timeout(60)
class WrittenImagesTest {
    @TempDir
    Path tmp;

    /** Where and how an image is written, and the spec that reads it back. */
    enum Format { DOCKERD, SKOPEO, KANIKO, DOCKER25, DOCKERD_GZIPPED, OCI_DIR, OCI_ARCHIVE }

    static ImageBuilder sample(LayerCompression c, String platform) {
        return ImageBuilder.image().compression(c).platform(platform)
                .layer(LayerBuilder.layer().dir("etc").file("etc/hello", "hello\n").file("bin/big", 200_000, 42, 0755, 0, 0)
                        .symlink("bin/sh", "big").hardlink("bin/big2", "bin/big"), "ADD rootfs /")
                .emptyLayer("ENV A=1")
                .layer(LayerBuilder.layer().whiteout("etc/hello").opaque("var").file("var/x", "x").fifo("run/f").chardev("dev/null", 1, 3),
                        "RUN rm /etc/hello")
                .entrypoint("/bin/sh").cmd("-c", "true").env("A=1").expose("80/tcp").user("1000").workingDir("/srv")
                .label("k", "v").volume("/data").healthcheck(List.of("CMD", "true"), 30, 5, 1, 3);
    }

    static String write(Path dir, Format f, BuiltImage img, String tag) throws IOException {
        return switch (f) {
            case DOCKERD, SKOPEO, KANIKO, DOCKER25 -> {
                Path p = dir.resolve("img-" + f + ".tar");
                DockerArchiveWriter.write(p, Layout.valueOf(f.name()), List.of(new Tagged(img, List.of(tag))));
                yield p.toString();
            }
            case DOCKERD_GZIPPED -> {
                Path p = dir.resolve("img.tar");
                DockerArchiveWriter.write(p, Layout.DOCKERD, List.of(new Tagged(img, List.of(tag))));
                Path gz = dir.resolve("img.tar.gz");
                DockerArchiveWriter.gzipWhole(p, gz);
                yield gz.toString();
            }
            case OCI_DIR -> {
                Path p = dir.resolve("layout");
                new OciLayoutWriter().image("1.0", img).writeDirectory(p);
                yield "oci:" + p;
            }
            case OCI_ARCHIVE -> {
                Path p = dir.resolve("oci.tar");
                new OciLayoutWriter().image("1.0", img).writeArchive(p);
                yield p.toString();
            }
        };
    }

    static Stream<Arguments> formatsAndCompressions() {
        List<Arguments> out = new ArrayList<>();
        for (Format f : Format.values()) for (LayerCompression c : LayerCompression.values()) out.add(Arguments.of(f, c));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("formatsAndCompressions")
    void everyFormatAndCompressionRoundTrips(Format f, LayerCompression c) throws IOException {
        BuiltImage built = sample(c, "linux/arm64/v8").build();
        String spec = write(tmp, f, built, "example.com/app:1.0");
        try (ImageSource src = ImageSources.open(spec)) {
            Image img = src.resolve(ImageSelection.defaults());
            assertThat(img.id()).hasToString(built.config().digest());
            assertThat(img.platform()).isEqualTo(new Platform("linux", "arm64", "v8"));
            assertThat(img.layers()).extracting(l -> l.diffId().toString()).containsExactlyElementsOf(built.diffIds());
            assertThat(img.config().history()).hasSize(3);
            assertThat(img.config().config().exposedPorts()).containsExactly("80/tcp");
            assertThat(img.config().config().healthcheck().intervalNanos()).isEqualTo(30_000_000_000L);
            boolean oci = f == Format.OCI_DIR || f == Format.OCI_ARCHIVE;
            assertThat(img.repoTags()).containsExactly(oci ? "1.0" : "example.com/app:1.0");
            assertThat(img.manifestDigest() == null ? null : img.manifestDigest().toString())
                    .isEqualTo(oci || f == Format.DOCKER25 ? built.manifest().digest() : null);
            for (Layer l : img.layers()) {
                BuiltImage.BuiltLayer b = built.layers().get(l.index());
                assertThat(l.descriptor().size()).isEqualTo(b.blob().size());
                Digest expectedBlob = Digest.parse(b.blob().digest());
                // docker-archive names only some layers by their blob digest: see DockerArchiveSource
                if (oci || f == Format.DOCKER25 || f == Format.KANIKO || c == LayerCompression.NONE) {
                    assertThat(l.descriptor().digest()).isEqualTo(expectedBlob);
                } else {
                    assertThat(l.descriptor().digest()).isNull();
                }
                assertThat(mediaTypeCompression(l.descriptor().mediaType())).isEqualTo(c);
                assertThat(Layers.uncompressedDigest(l)).isEqualTo(l.diffId());
            }
        }
    }

    private static LayerCompression mediaTypeCompression(String mt) {
        if (mt.endsWith("gzip")) return LayerCompression.GZIP;
        if (mt.endsWith("zstd")) return LayerCompression.ZSTD;
        return LayerCompression.NONE;
    }

    @Test
    void formatIsDetectedFromContentNotName() throws IOException {
        BuiltImage built = sample(LayerCompression.GZIP, "linux/amd64").build();
        Path oci = tmp.resolve("looks-like-docker.tar.gz");
        new OciLayoutWriter().image("x", built).writeArchive(oci);
        try (ImageSource src = ImageSources.open(oci.toString())) {
            assertThat(src.kind()).isEqualTo("oci-archive");
            assertThat(src.resolve(ImageSelection.defaults()).id()).hasToString(built.config().digest());
        }
    }

    @Test
    void gzippedArchiveTempCopyIsDeletedOnClose() throws IOException {
        BuiltImage built = sample(LayerCompression.NONE, "linux/amd64").build();
        String spec = write(tmp, Format.DOCKERD_GZIPPED, built, "a:1");
        List<Path> before = jdxTemps();
        ImageSource src = ImageSources.open(spec);
        assertThat(jdxTemps()).hasSize(before.size() + 1);
        src.resolve(ImageSelection.defaults());
        src.close();
        assertThat(jdxTemps()).containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    void zstdCompressedWholeArchiveIsRead() throws IOException {
        BuiltImage built = sample(LayerCompression.NONE, "linux/amd64").build();
        Path p = tmp.resolve("img.tar");
        DockerArchiveWriter.write(p, Layout.DOCKERD, List.of(new Tagged(built, List.of("z:1"))));
        Path zst = tmp.resolve("img.tar.zst");
        java.nio.file.Files.write(zst, LayerCompression.ZSTD.apply(java.nio.file.Files.readAllBytes(p)));
        try (ImageSource src = ImageSources.open(zst.toString())) {
            Image img = src.resolve(ImageSelection.defaults());
            assertThat(img.id()).hasToString(built.config().digest());
            for (Layer l : img.layers()) assertThat(Layers.uncompressedDigest(l)).isEqualTo(l.diffId());
        }
    }

    @Test
    void readingALayerAfterCloseSaysSo() throws IOException {
        Path p = tmp.resolve("c.tar");
        DockerArchiveWriter.write(p, Layout.DOCKERD, List.of(new Tagged(sample(LayerCompression.NONE, "linux/amd64").build(), List.of("c:1"))));
        Image img;
        try (ImageSource src = ImageSources.open(p.toString())) {
            img = src.resolve(ImageSelection.defaults());
        }
        assertThatThrownBy(() -> Layers.uncompressedDigest(img.layers().get(0))).isInstanceOf(IOException.class)
                .hasMessageContaining("the image source was closed");
    }

    static List<Path> jdxTemps() throws IOException {
        try (Stream<Path> s = java.nio.file.Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("jdx-archive-")).toList();
        }
    }

    @Test
    void multiImageDockerArchiveSelectsByTagOrSelectionName() throws IOException {
        BuiltImage a = sample(LayerCompression.NONE, "linux/amd64").build();
        BuiltImage b = ImageBuilder.image().compression(LayerCompression.NONE)
                .layer(LayerBuilder.layer().file("only-b", "b")).build();
        Path p = tmp.resolve("multi.tar");
        DockerArchiveWriter.write(p, Layout.DOCKERD, List.of(new Tagged(a, List.of("app:1.0", "app:latest")), new Tagged(b, List.of("other"))));
        assertThatThrownBy(() -> ImageSources.open(p.toString()).resolve(ImageSelection.defaults()))
                .isInstanceOf(SelectionException.class).hasMessageContaining("app:1.0 app:latest, other");
        try (ImageSource src = ImageSources.open(p + ":app:1.0")) {
            assertThat(src.resolve(ImageSelection.defaults()).id()).hasToString(a.config().digest());
        }
        try (ImageSource src = ImageSources.open(p + ":docker.io/library/other:latest")) {
            assertThat(src.resolve(ImageSelection.defaults()).id()).hasToString(b.config().digest());
        }
        try (ImageSource src = ImageSources.open(p.toString())) {
            Image img = src.resolve(new ImageSelection("app", null, Verification.strict()));
            assertThat(img.id()).hasToString(a.config().digest());
            assertThat(img.repoTags()).containsExactly("app:1.0", "app:latest");
        }
        // the image id (config digest) also selects, as docker accepts short ids
        try (ImageSource src = ImageSources.open(p + ":" + b.config().hex().substring(0, 12))) {
            assertThat(src.resolve(ImageSelection.defaults()).id()).hasToString(b.config().digest());
        }
    }

    @Test
    void pathsWithColonsAndSelectorsParse(@TempDir Path dir) throws IOException {
        Path weird = dir.resolve("a:b");
        java.nio.file.Files.createDirectories(weird);
        Path archive = weird.resolve("img:v1.tar");
        DockerArchiveWriter.write(archive, Layout.DOCKERD,
                List.of(new Tagged(sample(LayerCompression.NONE, "linux/amd64").build(), List.of("app:1.0"))));
        assertThat(ImageSources.parse(archive.toString())).isEqualTo(new SourceSpec(null, archive, null, archive.toString()));
        assertThat(ImageSources.parse("docker-archive:" + archive + ":app:1.0"))
                .isEqualTo(new SourceSpec("docker-archive", archive, "app:1.0", "docker-archive:" + archive + ":app:1.0"));
        assertThat(ImageSources.parse("oci:" + weird + ":1.0")).isEqualTo(new SourceSpec("oci", weird, "1.0", "oci:" + weird + ":1.0"));
        assertThat(ImageSources.parse("missing:x").path()).isEqualTo(Path.of("missing:x"));
        try (ImageSource src = ImageSources.open(archive + ":app:1.0")) {
            assertThat(src.resolve(ImageSelection.defaults()).reference()).isEqualTo(archive + ":app:1.0");
        }
        assertThatThrownBy(() -> ImageSources.open(dir.resolve("nope.tar").toString()))
                .isInstanceOf(java.nio.file.NoSuchFileException.class);
    }

    static Stream<Arguments> indexShapes() {
        return Stream.of(Arguments.of(true, false, false), Arguments.of(false, false, false), Arguments.of(true, true, false),
                Arguments.of(true, false, true), Arguments.of(true, true, true));
    }

    @ParameterizedTest(name = "nested={0} dockerList={1} attestation={2}")
    @MethodSource("indexShapes")
    void multiPlatformIndexSelectsThePlatform(boolean nested, boolean dockerList, boolean attestation) throws IOException {
        BuiltImage amd = sample(LayerCompression.GZIP, "linux/amd64").build();
        BuiltImage arm = sample(LayerCompression.ZSTD, "linux/arm64/v8").build();
        BuiltImage armv7 = sample(LayerCompression.NONE, "linux/arm/v7").build();
        Path dir = tmp.resolve("multi");
        new OciLayoutWriter().index("2.0", nested, dockerList, attestation, amd, arm, armv7).writeDirectory(dir);
        try (ImageSource src = ImageSources.open("oci:" + dir + ":2.0")) {
            assertThat(src.resolve(ImageSelection.defaults()).id()).hasToString(amd.config().digest());
            Image a = src.resolve(new ImageSelection(null, Platform.parse("linux/arm64"), Verification.strict()));
            assertThat(a.id()).hasToString(arm.config().digest());
            assertThat(a.platform()).hasToString("linux/arm64/v8");
            for (Layer l : a.layers()) assertThat(Layers.uncompressedDigest(l)).isEqualTo(l.diffId());
            assertThat(src.resolve(new ImageSelection(null, Platform.parse("linux/arm/v7"), Verification.strict())).id())
                    .hasToString(armv7.config().digest());
            assertThatThrownBy(() -> src.resolve(new ImageSelection(null, Platform.parse("windows/amd64"), Verification.strict())))
                    .isInstanceOf(SelectionException.class)
                    .hasMessageContaining("platform windows/amd64 is not available; available: linux/amd64, linux/arm64/v8, linux/arm/v7");
        }
    }

    @Test
    void partialExportFallsBackToTheOnlyPresentPlatform() throws IOException {
        BuiltImage amd = sample(LayerCompression.GZIP, "linux/amd64").build();
        BuiltImage arm = sample(LayerCompression.GZIP, "linux/arm/v7").build();
        Path p = tmp.resolve("partial.tar");
        new OciLayoutWriter().index("latest", true, false, true, amd, arm).omitManifest(amd).writeArchive(p);
        try (ImageSource src = ImageSources.open(p.toString())) {
            assertThat(src.resolve(ImageSelection.defaults()).id()).hasToString(arm.config().digest());
            assertThatThrownBy(() -> src.resolve(new ImageSelection(null, Platform.LINUX_AMD64, Verification.strict())))
                    .isInstanceOf(ImageFormatException.class).hasMessageContaining("the manifest for linux/amd64")
                    .hasMessageContaining("is listed but its blob is missing");
        }
    }

    @Test
    void severalPlatformsWithoutAmd64NeedAChoice() throws IOException {
        BuiltImage arm = sample(LayerCompression.GZIP, "linux/arm64").build();
        BuiltImage s390 = sample(LayerCompression.GZIP, "linux/s390x").build();
        Path dir = tmp.resolve("noamd");
        new OciLayoutWriter().index(null, true, false, false, arm, s390).writeDirectory(dir);
        assertThatThrownBy(() -> ImageSources.open(dir.toString()).resolve(ImageSelection.defaults()))
                .isInstanceOf(SelectionException.class).hasMessageContaining("several platforms (linux/arm64, linux/s390x)");
    }

    @Test
    void refsSelectByRefNameAndByContainerdFullName() throws IOException {
        BuiltImage one = sample(LayerCompression.GZIP, "linux/amd64").build();
        BuiltImage two = ImageBuilder.image().layer(LayerBuilder.layer().file("two", "2")).build();
        Path dir = tmp.resolve("refs");
        new OciLayoutWriter().image("1.0", "docker.io/library/app:1.0", one).image("2.0", "registry.example/team/app:2.0", two)
                .writeDirectory(dir);
        assertThatThrownBy(() -> ImageSources.open(dir.toString()).resolve(ImageSelection.defaults()))
                .isInstanceOf(SelectionException.class).hasMessageContaining("holds 2 images")
                .hasMessageContaining("docker.io/library/app:1.0").hasMessageContaining("registry.example/team/app:2.0");
        for (String[] c : new String[][] {{"1.0", one.config().digest()}, {"app:1.0", one.config().digest()},
                {"2.0", two.config().digest()}, {"registry.example/team/app:2.0", two.config().digest()},
                {two.manifest().digest(), two.config().digest()}}) {
            try (ImageSource src = ImageSources.open("oci:" + dir + ":" + c[0])) {
                assertThat(src.resolve(ImageSelection.defaults()).id()).as(c[0]).hasToString(c[1]);
            }
        }
        try (ImageSource src = ImageSources.open(dir.toString())) {
            Image img = src.resolve(new ImageSelection("2.0", null, Verification.strict()));
            assertThat(img.repoTags()).containsExactly("registry.example/team/app:2.0");
        }
    }

    @Test
    void dockerMediaTypesAreRead() throws IOException {
        BuiltImage b = sample(LayerCompression.GZIP, "linux/amd64").dockerMediaTypes().build();
        Path dir = tmp.resolve("docker-mt");
        new OciLayoutWriter().image("x", b).writeDirectory(dir);
        try (ImageSource src = ImageSources.open(dir.toString())) {
            Image img = src.resolve(ImageSelection.defaults());
            assertThat(img.manifestMediaType()).isEqualTo(MediaType.DOCKER_MANIFEST);
            assertThat(img.configDescriptor().mediaType()).isEqualTo(MediaType.DOCKER_CONFIG);
            assertThat(img.layers().get(0).descriptor().mediaType()).isEqualTo(MediaType.DOCKER_LAYER_GZIP);
        }
    }

    @Test
    void layersReadInParallelFromOneArchive() throws Exception {
        ImageBuilder ib = ImageBuilder.image().compression(LayerCompression.GZIP);
        for (int i = 0; i < 8; i++) ib.layer(LayerBuilder.layer().file("f" + i, 300_000, i));
        BuiltImage built = ib.build();
        Path p = tmp.resolve("par.tar");
        new OciLayoutWriter().image("p", built).writeArchive(p);
        try (ImageSource src = ImageSources.open(p.toString())) {
            Image img = src.resolve(ImageSelection.defaults());
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Digest>> fs = new ArrayList<>();
                for (Layer l : img.layers()) fs.add(pool.submit(() -> Layers.uncompressedDigest(l)));
                for (int i = 0; i < fs.size(); i++) assertThat(fs.get(i).get()).isEqualTo(img.layers().get(i).diffId());
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void demoImageResolvesWithItsConfig() throws IOException {
        Path p = tmp.resolve("demo.tar");
        BuiltImage built = dev.jdx.fixtures.DemoImage.write(p);
        try (ImageSource src = ImageSources.open(p.toString())) {
            Image img = src.resolve(ImageSelection.defaults());
            assertThat(img.repoTags()).containsExactly("jdx-demo/app:1.0");
            assertThat(img.id()).hasToString(built.config().digest());
            assertThat(img.layers()).hasSize(5);
            var rc = img.config().config();
            assertThat(rc.user()).isEqualTo("node");
            assertThat(rc.exposedPorts()).containsExactly("8080/tcp", "9090/udp");
            assertThat(rc.env()).contains("API_TOKEN=");
            assertThat(rc.volumes()).containsExactly("/data");
            assertThat(rc.healthcheck()).isNotNull();
            assertThat(img.config().history()).filteredOn(h -> h.emptyLayer()).hasSize(img.config().history().size() - 5);
            for (Layer l : img.layers()) assertThat(Layers.uncompressedDigest(l)).isEqualTo(l.diffId());
        }
    }
}
