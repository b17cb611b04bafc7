package dev.jdx.image.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jdx.fixtures.BuiltImage;
import dev.jdx.fixtures.DockerArchiveWriter;
import dev.jdx.fixtures.DockerArchiveWriter.Layout;
import dev.jdx.fixtures.DockerArchiveWriter.Tagged;
import dev.jdx.fixtures.ImageBuilder;
import dev.jdx.fixtures.LayerBuilder;
import dev.jdx.fixtures.LayerCompression;
import dev.jdx.fixtures.OciLayoutWriter;
import dev.jdx.image.DigestMismatchException;
import dev.jdx.image.Image;
import dev.jdx.image.ImageFormatException;
import dev.jdx.image.Layer;
import dev.jdx.image.Verification;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and broken input: each case fails quickly with an {@link ImageFormatException} whose one-line message
 * names the file and the problem, and nothing is left behind outside the test's temp dir.
 */
@Timeout(20)
class HostileInputTest {
    @TempDir
    Path tmp;
    private List<Path> tempsBefore;

    @BeforeEach
    void snapshotTemps() throws IOException {
        tempsBefore = WrittenImagesTest.jdxTemps();
    }

    @AfterEach
    void nothingLeftInTheSystemTempDir() throws IOException {
        assertThat(WrittenImagesTest.jdxTemps()).containsExactlyInAnyOrderElementsOf(tempsBefore);
    }

    private static final BuiltImage IMAGE = ImageBuilder.image().compression(LayerCompression.NONE)
            .layer(LayerBuilder.layer().file("a", "a").file("big", 100_000, 1)).build();

    /** A docker-archive tar with the given members added to the image's config and layer. */
    private Path archive(String name, LayerBuilder members) throws IOException {
        Path p = tmp.resolve(name);
        Files.write(p, members.toTar());
        return p;
    }

    private LayerBuilder withImage() {
        return LayerBuilder.layer().file(IMAGE.config().hex() + ".json", IMAGE.config().bytes())
                .file("layer.tar", IMAGE.layers().get(0).blob().bytes());
    }

    private static String manifest(String config, String... layers) {
        return "[{\"Config\":\"" + config + "\",\"RepoTags\":[\"x:1\"],\"Layers\":[\""
                + String.join("\",\"", layers) + "\"]}]";
    }

    private void fails(Path p, String fragment) {
        fails(p.toString(), fragment, ImageFormatException.class);
    }

    private void fails(String spec, String fragment, Class<? extends IOException> type) {
        assertThatThrownBy(() -> readAll(spec, Verification.strict())).isInstanceOf(type).hasMessageContaining(fragment)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"))
                .satisfies(e -> assertThat(e.getMessage()).contains(tmp.toString()));
    }

    static Image readAll(String spec, Verification v) throws IOException {
        try (ImageSource src = ImageSources.open(spec)) {
            Image img = src.resolve(new ImageSelection(null, null, v));
            for (Layer l : img.layers()) Layers.uncompressedDigest(l);
            return img;
        }
    }

    @Test
    void plainTarIsNotAnImage() throws IOException {
        fails(archive("plain.tar", LayerBuilder.layer().file("README.md", "hi")), "not a container image archive");
    }

    @Test
    void emptyAndNonTarFilesAreNotImages() throws IOException {
        Path empty = Files.write(tmp.resolve("empty.tar"), new byte[0]);
        fails(empty, "not an image archive");
        Path text = Files.writeString(tmp.resolve("text.tar"), "{\"hello\": \"world\"}\n".repeat(100));
        assertThatThrownBy(() -> readAll(text.toString(), Verification.strict())).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining(text.toString());
    }

    @Test
    void truncatedArchive() throws IOException {
        Path full = tmp.resolve("full.tar");
        DockerArchiveWriter.write(full, Layout.DOCKERD, List.of(new Tagged(IMAGE, List.of("x:1"))));
        byte[] bytes = Files.readAllBytes(full);
        // cuts inside the layer member and inside the last member (repositories); cutting only the trailer is still valid
        for (int cut : new int[] {bytes.length / 3, bytes.length / 2, bytes.length - 1024 - 300}) {
            Path t = Files.write(tmp.resolve("cut" + cut + ".tar"), Arrays.copyOf(bytes, cut));
            assertThatThrownBy(() -> readAll(t.toString(), Verification.strict())).as("cut at %d of %d", cut, bytes.length)
                    .isInstanceOf(IOException.class).hasMessageContaining(t.toString());
        }
    }

    @Test
    void corruptAndTruncatedGzip() throws IOException {
        Path full = tmp.resolve("full.tar");
        DockerArchiveWriter.write(full, Layout.DOCKERD, List.of(new Tagged(IMAGE, List.of("x:1"))));
        Path gz = tmp.resolve("full.tar.gz");
        DockerArchiveWriter.gzipWhole(full, gz);
        byte[] bytes = Files.readAllBytes(gz);
        Path truncated = Files.write(tmp.resolve("truncated.tar.gz"), Arrays.copyOf(bytes, bytes.length / 2));
        fails(truncated, "corrupt or truncated gzip archive");
        byte[] corrupt = bytes.clone();
        for (int i = 100; i < 400; i++) corrupt[i] ^= 0x5a;
        fails(Files.write(tmp.resolve("corrupt.tar.gz"), corrupt), "corrupt or truncated gzip archive");
    }

    @Test
    void corruptGzipLayerFailsWhenRead() throws IOException {
        BuiltImage b = ImageBuilder.image().layer(LayerBuilder.layer().file("x", 50_000, 3), LayerCompression.GZIP).build();
        Path dir = tmp.resolve("layout");
        new OciLayoutWriter().image("x", b).writeDirectory(dir);
        Path blob = dir.resolve("blobs/sha256/" + b.layers().get(0).blob().hex());
        byte[] bytes = Files.readAllBytes(blob);
        for (int i = 50; i < 90; i++) bytes[i] ^= 0x33;
        Files.write(blob, bytes);
        assertThatThrownBy(() -> readAll(dir.toString(), Verification.strict())).isInstanceOf(IOException.class);
    }

    @Test
    void missingOrNullOrEmptyManifestJson() throws IOException {
        fails(archive("none.tar", withImage().file("repositories", "{}")), "no manifest.json, index.json or oci-layout; only a legacy 'repositories' file");
        fails(archive("null.tar", withImage().file("manifest.json", "null")), "manifest.json is null");
        fails(archive("empty.tar", withImage().file("manifest.json", "[]")), "manifest.json lists no images");
        fails(archive("object.tar", withImage().file("manifest.json", "{}")), "manifest.json is not a JSON array");
        fails(archive("garbage.tar", withImage().file("manifest.json", "[{\"Config\":")), "manifest.json: not valid JSON");
        fails(archive("noconfig.tar", withImage().file("manifest.json", "[{\"Layers\":[]}]")), "has no Config");
    }

    @Test
    void hugeMetadataIsRefused() throws IOException {
        byte[] huge = new byte[17 << 20];
        Arrays.fill(huge, (byte) ' ');
        huge[0] = '[';
        huge[huge.length - 1] = ']';
        fails(archive("huge.tar", withImage().file("manifest.json", huge)), "more than the 16 MiB allowed for metadata");
    }

    @Test
    void deeplyNestedJsonIsRefused() throws IOException {
        fails(archive("deep.tar", withImage().file("manifest.json", "[".repeat(100_000))), "manifest.json: not valid JSON");
    }

    @Test
    void decompressionBombIsRefused() throws IOException {
        Path zeros = tmp.resolve("zeros.tar");
        Files.write(zeros, new byte[8 << 20]);
        Path gz = tmp.resolve("bomb.tar.gz");
        DockerArchiveWriter.gzipWhole(zeros, gz);
        assertThatThrownBy(() -> TarArchive.open(gz, 1 << 20)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining(gz + ": decompresses to more than 1048576 bytes, refusing");
    }

    @Test
    void layoutBlobSymlinkedOutsideIsRefused() throws IOException {
        Path dir = tmp.resolve("linked");
        BuiltImage b = ImageBuilder.image().layer(LayerBuilder.layer().file("a", "a")).build();
        new OciLayoutWriter().image("1", b).writeDirectory(dir);
        Path layer = dir.resolve("blobs/sha256/" + b.layers().get(0).blob().hex());
        Path outside = Files.write(tmp.resolve("outside-blob"), Files.readAllBytes(layer));
        Files.delete(layer);
        Files.createSymbolicLink(layer, outside);
        fails(dir, "is a symlink leading outside the layout");
    }

    @Test
    void manifestReferencesOutsideTheArchive() throws IOException {
        String cfg = IMAGE.config().hex() + ".json";
        fails(archive("dotdot.tar", withImage().file("manifest.json", manifest(cfg, "../escape.tar"))), "unsafe member path '../escape.tar' (contains ..)");
        fails(archive("abs.tar", withImage().file("manifest.json", manifest(cfg, "/etc/passwd"))), "unsafe member path '/etc/passwd' (absolute)");
        fails(archive("cfgdotdot.tar", withImage().file("manifest.json", manifest("x/../../" + cfg, "layer.tar"))), "contains ..");
        fails(archive("missing.tar", withImage().file("manifest.json", manifest(cfg, "nope/layer.tar"))), "has no member nope/layer.tar");
    }

    @Test
    void memberSymlinksThatEscapeOrLoop() throws IOException {
        String cfg = IMAGE.config().hex() + ".json";
        fails(archive("esc.tar", withImage().symlink("id/layer.tar", "../../etc/passwd").file("manifest.json", manifest(cfg, "id/layer.tar"))),
                "escapes the archive");
        fails(archive("abs.tar", withImage().symlink("id/layer.tar", "/etc/passwd").file("manifest.json", manifest(cfg, "id/layer.tar"))),
                "links to absolute path '/etc/passwd', outside the archive");
        fails(archive("loop.tar", withImage().symlink("a/layer.tar", "../b/layer.tar").symlink("b/layer.tar", "../a/layer.tar")
                .file("manifest.json", manifest(cfg, "a/layer.tar"))), "is a link cycle");
        fails(archive("dangling.tar", withImage().symlink("a/layer.tar", "../gone.tar").file("manifest.json", manifest(cfg, "a/layer.tar"))),
                "has no member gone.tar (link target of a/layer.tar)");
        // a raw hardlink member pointing back up is refused the same way
        fails(archive("hard.tar", withImage().raw("h/layer.tar", TarConstants.LF_LINK, new byte[0], "../../outside")
                .file("manifest.json", manifest(cfg, "h/layer.tar"))), "escapes the archive");
    }

    @Test
    void symlinkInsideTheArchiveIsFollowed() throws IOException {
        String cfg = IMAGE.config().hex() + ".json";
        Path ok = archive("ok.tar", withImage().symlink("id/layer.tar", "../layer.tar").file("manifest.json", manifest(cfg, "id/layer.tar")));
        assertThat(readAll(ok.toString(), Verification.strict()).layers()).hasSize(1);
    }

    @Test
    void absurdSizeHeaders() throws IOException {
        fails(archive("absurd.tar", withImage().file("manifest.json", manifest(IMAGE.config().hex() + ".json", "layer.tar"))
                .absurdSize("huge.tar", 1L << 40)), "huge.tar");
        fails(archive("absurd-first.tar", LayerBuilder.layer().absurdSize("manifest.json", 1L << 34)), "manifest.json");
    }

    @Test
    void trailingGarbageAfterTheLastHeaderIsNotAHang() throws IOException {
        byte[] garbage = new byte[4096];
        new java.util.Random(7).nextBytes(garbage);
        Path p = archive("garbage.tar", withImage().file("manifest.json", manifest(IMAGE.config().hex() + ".json", "layer.tar"))
                .rawBytes(garbage).withoutTrailer());
        try {
            assertThat(readAll(p.toString(), Verification.strict()).layers()).hasSize(1);
        } catch (ImageFormatException e) {
            assertThat(e.getMessage()).contains(p.toString());
        }
    }

    @Test
    void nonImageArtifactAndUnknownLayerTypes() throws IOException {
        BuiltImage helm = ImageBuilder.image().configMediaType("application/vnd.cncf.helm.config.v1+json")
                .layer(LayerBuilder.layer().file("chart", "c")).build();
        Path dir = tmp.resolve("helm");
        new OciLayoutWriter().image("1", helm).writeDirectory(dir);
        fails(dir, "not a container image: config media type application/vnd.cncf.helm.config.v1+json");
    }

    @Test
    void configWithoutPlatformIsUnknownNotNull() throws IOException {
        BuiltImage b = ImageBuilder.image().layer(LayerBuilder.layer().file("a", "a"))
                .configField("os", null).configField("architecture", null).build();
        Path dir = tmp.resolve("noplatform");
        new OciLayoutWriter().image("1", b).writeDirectory(dir);
        assertThat(readAll(dir.toString(), Verification.strict()).platform()).hasToString("unknown/unknown");
    }

    @Test
    void diffIdCountMismatch() throws IOException {
        BuiltImage b = ImageBuilder.image().layer(LayerBuilder.layer().file("a", "a")).layer(LayerBuilder.layer().file("b", "b"))
                .diffIds(List.of("sha256:" + "0".repeat(64))).build();
        Path dir = tmp.resolve("mismatch");
        new OciLayoutWriter().image("1", b).writeDirectory(dir);
        fails(dir, "manifest lists 2 layers but the config's rootfs.diff_ids has 1");
    }

    @Test
    void missingBlobsInALayout() throws IOException {
        Path dir = tmp.resolve("missing");
        BuiltImage b = ImageBuilder.image().layer(LayerBuilder.layer().file("a", "a")).build();
        new OciLayoutWriter().image("1", b).writeDirectory(dir);
        Files.delete(dir.resolve("blobs/sha256/" + b.layers().get(0).blob().hex()));
        try (ImageSource src = ImageSources.open(dir.toString())) {
            Image img = src.resolve(ImageSelection.defaults()); // resolving needs no layer blob
            assertThatThrownBy(() -> img.layers().get(0).open()).isInstanceOf(ImageFormatException.class)
                    .hasMessageContaining("blob " + b.layers().get(0).blob().digest() + " is missing from " + dir);
        }
        Files.delete(dir.resolve("blobs/sha256/" + b.config().hex()));
        fails(dir, "config blob " + b.config().digest());
        Files.delete(dir.resolve("blobs/sha256/" + b.manifest().hex()));
        fails(dir, "is listed but its blob is missing");
        Files.delete(dir.resolve("index.json"));
        fails(dir, "not an OCI image layout (no index.json)");
    }

    @Test
    void tamperedBlobsAreDigestMismatchesOrWarnings() throws IOException {
        BuiltImage b = ImageBuilder.image().layer(LayerBuilder.layer().file("a", "aaaa"), LayerCompression.NONE).build();
        Path dir = tmp.resolve("tampered");
        new OciLayoutWriter().image("1", b).writeDirectory(dir);
        Path layer = dir.resolve("blobs/sha256/" + b.layers().get(0).blob().hex());
        byte[] bytes = Files.readAllBytes(layer);
        bytes[513] = 'b'; // same size, different content
        Files.write(layer, bytes);
        assertThatThrownBy(() -> readAll(dir.toString(), Verification.strict())).isInstanceOf(DigestMismatchException.class)
                .hasMessageContaining("layer 0 (" + b.layers().get(0).blob().digest().substring(0, 19) + ")")
                .hasMessageContaining("expected " + b.layers().get(0).blob().digest()).hasMessageContaining(", got sha256:");
        Verification warn = Verification.warnOnly();
        readAll(dir.toString(), warn);
        assertThat(warn.warnings()).singleElement().asString().contains("digest mismatch");

        Path config = dir.resolve("blobs/sha256/" + b.config().hex());
        Files.writeString(config, Files.readString(config).replace("amd64", "arm64"));
        assertThatThrownBy(() -> readAll(dir.toString(), Verification.strict())).isInstanceOf(DigestMismatchException.class)
                .hasMessageContaining("config of " + dir);
    }

    /** What the image specs require but jdx does not need is a warning, not a failure: other tools refuse it. */
    @Test
    void specDeviationsInTheManifestAreWarnings() throws IOException {
        BuiltImage b = ImageBuilder.image().layer(LayerBuilder.layer().file("a", "a")).build();
        Path dir = tmp.resolve("deviant");
        new OciLayoutWriter().image("1", b).writeDirectory(dir);
        assertThat(warningsWithManifest(dir, b, m -> { })).isEmpty();
        assertThat(warningsWithManifest(dir, b, m -> m.put("schemaVersion", 3)))
                .singleElement().asString().endsWith("has schemaVersion 3 (the image specs require 2)");
        assertThat(warningsWithManifest(dir, b, m -> m.remove("schemaVersion")))
                .singleElement().asString().endsWith("has no schemaVersion (the image specs require 2)");
        assertThat(warningsWithManifest(dir, b, m -> m.put("schemaVersion", "2"))).singleElement().asString().contains("schemaVersion \"2\"");
        assertThat(warningsWithManifest(dir, b, m -> m.put("mediaType", ImageBuilder.DOCKER_MANIFEST))).singleElement().asString()
                .contains("has media type " + ImageBuilder.DOCKER_MANIFEST + " but is listed with media type " + ImageBuilder.OCI_MANIFEST);
    }

    /** The warnings of a strict read of the layout at {@code dir} after {@code edit} of its manifest (re-digested). */
    private static List<String> warningsWithManifest(Path dir, BuiltImage b, java.util.function.Consumer<ObjectNode> edit)
            throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode m = (ObjectNode) json.readTree(dir.resolve("blobs/sha256/" + b.manifest().hex()).toFile());
        edit.accept(m);
        byte[] bytes = json.writeValueAsBytes(m);
        String hex = dev.jdx.image.Digest.sha256(bytes).hex();
        Files.write(dir.resolve("blobs/sha256/" + hex), bytes);
        ObjectNode index = (ObjectNode) json.readTree(dir.resolve("index.json").toFile());
        ObjectNode d = (ObjectNode) index.get("manifests").get(0);
        d.put("digest", "sha256:" + hex).put("size", bytes.length);
        json.writeValue(dir.resolve("index.json").toFile(), index);
        Verification v = Verification.strict();
        readAll(dir.toString(), v);
        return v.warnings();
    }

    @Test
    void malformedDescriptorsAndIndexes() throws IOException {
        Path dir = tmp.resolve("baddesc");
        new OciLayoutWriter().rawIndexEntry(Map.of("mediaType", "application/vnd.oci.image.manifest.v1+json", "digest", "md5:abc", "size", 3))
                .writeDirectory(dir);
        fails(dir, "unsupported digest algorithm 'md5'");
        Path dir2 = tmp.resolve("negsize");
        new OciLayoutWriter().rawIndexEntry(Map.of("mediaType", "application/vnd.oci.image.manifest.v1+json",
                "digest", "sha256:" + "a".repeat(64), "size", -5)).writeDirectory(dir2);
        fails(dir2, "descriptor size -5 is not a non-negative integer");
        Path dir3 = tmp.resolve("emptyindex");
        new OciLayoutWriter().writeDirectory(dir3);
        fails(dir3, "index.json lists no images");
        Files.writeString(dir3.resolve("index.json"), "[1,2]");
        fails(dir3, "index.json is not a JSON object");
    }

    @Test
    void wrongExplicitKind() throws IOException {
        Path dir = tmp.resolve("layout");
        ImageBuilder.image().layer(LayerBuilder.layer().file("a", "a")).writeOciLayout(dir, "1");
        fails("docker-archive:" + dir, "is a directory, but docker-archive: needs an archive file", ImageFormatException.class);
        Path tar = tmp.resolve("d.tar");
        ImageBuilder.image().layer(LayerBuilder.layer().file("a", "a")).writeDockerArchive(tar, "a:1");
        fails("oci-archive:" + tar, "not an OCI archive: no index.json", ImageFormatException.class);
    }

    @Test
    void readingTheArchiveWritesNothingBesideIt() throws IOException {
        Path tar = tmp.resolve("d.tar");
        ImageBuilder.image().layer(LayerBuilder.layer().raw("../escape", TarConstants.LF_NORMAL, "x".getBytes(StandardCharsets.UTF_8), null)
                .raw("/abs", TarConstants.LF_NORMAL, "y".getBytes(StandardCharsets.UTF_8), null)).writeDockerArchive(tar, "a:1");
        List<Path> before;
        try (Stream<Path> s = Files.list(tmp)) {
            before = s.toList();
        }
        readAll(tar.toString(), Verification.strict());
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.toList()).containsExactlyInAnyOrderElementsOf(before);
        }
        assertThat(Files.exists(tmp.getParent().resolve("escape"))).isFalse();
    }
}
