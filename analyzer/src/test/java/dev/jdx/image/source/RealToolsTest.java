package dev.jdx.image.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdx.fixtures.BuiltImage;
import dev.jdx.fixtures.ImageBuilder;
import dev.jdx.fixtures.LayerBuilder;
import dev.jdx.fixtures.LayerCompression;
import dev.jdx.fixtures.OciLayoutWriter;
import dev.jdx.fixtures.Requirements;
import dev.jdx.image.Digest;
import dev.jdx.image.Image;
import dev.jdx.image.Layer;
import dev.jdx.image.Platform;
import dev.jdx.image.Verification;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real tools convert images between formats and jdx must see the same image in every result: skopeo 1.9
 * ({@code docker-archive:}, {@code oci-archive:}, {@code oci:}) over the fixtures writer's output and the
 * real-world corpus, and umoci building a layout from scratch.
 */
@Timeout(120)
class RealToolsTest {
    @TempDir
    Path tmp;

    static String run(Path dir, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " timed out");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) throw new AssertionError(String.join(" ", cmd) + " failed (" + p.exitValue() + "): " + text);
        return text;
    }

    static Image resolve(String spec) throws IOException {
        try (ImageSource src = ImageSources.open(spec)) {
            Image img = src.resolve(ImageSelection.defaults());
            for (Layer l : img.layers()) assertThat(Layers.uncompressedDigest(l)).as("%s", l).isEqualTo(l.diffId());
            return img;
        }
    }

    static List<Digest> diffIds(Image img) {
        return img.layers().stream().map(Layer::diffId).toList();
    }

    /** skopeo source specs: real-world images plus (null) the writer's own image. */
    static Stream<String> sources() {
        return Stream.of(null, "docker-archive:dive/test-docker-image.tar", "docker-archive:dive/test-kaniko-image.tar",
                "oci-archive:dive/test-oci-gzip-image.tar", "oci:trivy/test_image_tag.oci:0.0.1",
                "docker-archive:snyk/docker-archives_skopeo-copy_nodes-fake-multi.tar",
                "oci-archive:snyk/oci-archives_busybox-1.31.1.tar");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void skopeoConversionsResolveToTheSameImage(String source) throws Exception {
        Path skopeo = Requirements.tool("skopeo");
        String skopeoSource;
        String jdxSource;
        if (source == null) {
            BuiltImage b = ImageBuilder.image().compression(LayerCompression.GZIP)
                    .layer(LayerBuilder.layer().dir("etc").file("etc/a", "a").file("bin/x", 50_000, 1, 0755, 0, 0), "ADD x /")
                    .layer(LayerBuilder.layer().whiteout("etc/a").opaque("var").symlink("bin/y", "x"), LayerCompression.NONE, "RUN rm")
                    .entrypoint("/bin/x").build();
            Path layout = tmp.resolve("writer");
            new OciLayoutWriter().image("w", b).writeDirectory(layout);
            skopeoSource = "oci:" + layout + ":w";
            jdxSource = skopeoSource;
        } else {
            int colon = source.indexOf(':');
            String kind = source.substring(0, colon + 1);
            String rest = source.substring(colon + 1);
            String sel = "";
            if (rest.startsWith("trivy/")) {
                sel = rest.substring(rest.lastIndexOf(':'));
                rest = rest.substring(0, rest.lastIndexOf(':'));
            }
            skopeoSource = kind + Requirements.realworld(rest) + sel;
            jdxSource = skopeoSource;
        }
        Image original = resolve(jdxSource);
        List<String> targets = List.of("docker-archive:" + tmp.resolve("d.tar") + ":jdx/test:1",
                "oci-archive:" + tmp.resolve("o.tar") + ":r1", "oci:" + tmp.resolve("layout-out") + ":r2");
        for (String target : targets) {
            run(tmp, skopeo.toString(), "--insecure-policy", "copy", "--quiet", skopeoSource, target);
            Image converted = resolve(target);
            assertThat(diffIds(converted)).as(target).isEqualTo(diffIds(original));
            assertThat(converted.config().history()).as(target).isEqualTo(original.config().history());
            assertThat(converted.platform()).as(target).isEqualTo(original.platform());
            if (target.startsWith("docker-archive:")) {
                assertThat(converted.repoTags()).containsExactly("docker.io/jdx/test:1");
                // skopeo keeps the config bytes when writing a docker-archive
                assertThat(converted.id()).as(target).isEqualTo(original.id());
            } else {
                assertThat(converted.repoTags()).containsExactly(target.substring(target.lastIndexOf(':') + 1));
                assertThat(converted.manifestDigest()).isNotNull();
            }
        }
        // and jdx reads skopeo's docker-archive again after a round trip back to OCI
        run(tmp, skopeo.toString(), "--insecure-policy", "copy", "--quiet", targets.get(0), "oci:" + tmp.resolve("back") + ":b");
        assertThat(diffIds(resolve("oci:" + tmp.resolve("back") + ":b"))).isEqualTo(diffIds(original));
    }

    @Test
    void skopeoZstdOciLayoutIsRead() throws Exception {
        Path skopeo = Requirements.tool("skopeo");
        Path src = Requirements.realworld("dive/test-docker-image.tar");
        run(tmp, skopeo.toString(), "--insecure-policy", "copy", "--quiet", "--dest-compress-format", "zstd",
                "docker-archive:" + src, "oci:" + tmp.resolve("z") + ":z");
        Image z = resolve("oci:" + tmp.resolve("z") + ":z");
        assertThat(z.layers()).allSatisfy(l -> assertThat(l.descriptor().mediaType()).endsWith("zstd"));
        assertThat(diffIds(z)).isEqualTo(diffIds(resolve("docker-archive:" + src)));
    }

    @Test
    void skopeoMultiImageDockerArchive() throws Exception {
        Path skopeo = Requirements.tool("skopeo");
        Path bundle = Requirements.realworld("ggcr/tarball_test_bundle.tar");
        Image one = resolve(bundle + ":test_image_1");
        // skopeo cannot name these tagless RepoTags; it picks by position (@1), which jdx accepts as well
        assertThat(diffIds(resolve(bundle + ":@1"))).isEqualTo(diffIds(one));
        run(tmp, skopeo.toString(), "--insecure-policy", "copy", "--quiet", "docker-archive:" + bundle + ":@1",
                "oci:" + tmp.resolve("one") + ":one");
        assertThat(diffIds(resolve("oci:" + tmp.resolve("one") + ":one"))).isEqualTo(diffIds(one));
    }

    @Test
    void umociBuiltLayoutIsRead() throws Exception {
        Path umoci = Requirements.tool("umoci");
        Path layout = tmp.resolve("umoci");
        run(tmp, umoci.toString(), "init", "--layout", layout.toString());
        run(tmp, umoci.toString(), "new", "--image", layout + ":app");
        byte[] layer1 = LayerBuilder.layer().dir("etc").file("etc/os-release", "ID=test\n").toTar();
        byte[] layer2 = LayerBuilder.layer().dir("app").file("app/run", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8), 0755).toTar();
        Path l1 = Files.write(tmp.resolve("l1.tar"), layer1);
        Path l2 = Files.write(tmp.resolve("l2.tar"), layer2);
        run(tmp, umoci.toString(), "raw", "add-layer", "--image", layout + ":app", "--history.created_by", "ADD l1", l1.toString());
        run(tmp, umoci.toString(), "raw", "add-layer", "--image", layout + ":app", "--history.created_by", "ADD l2", l2.toString());
        run(tmp, umoci.toString(), "config", "--image", layout + ":app", "--config.entrypoint", "/app/run",
                "--config.exposedports", "8080/tcp", "--config.user", "1000", "--config.label", "a=b", "--architecture", "arm64");
        Image img = resolve("oci:" + layout + ":app");
        assertThat(diffIds(img)).containsExactly(Digest.sha256(layer1), Digest.sha256(layer2));
        assertThat(img.platform()).isEqualTo(new Platform("linux", "arm64", null));
        assertThat(img.config().config().entrypoint()).containsExactly("/app/run");
        assertThat(img.config().config().exposedPorts()).containsExactly("8080/tcp");
        assertThat(img.config().config().labels()).containsEntry("a", "b");
        List<String> createdBy = new ArrayList<>();
        img.config().history().forEach(h -> createdBy.add(h.createdBy()));
        assertThat(createdBy).contains("ADD l1", "ADD l2");
        assertThat(img.repoTags()).containsExactly("app");
        // a strict read also verifies umoci's manifest and config digests
        try (ImageSource src = ImageSources.open(layout + ":app")) {
            assertThat(src.resolve(new ImageSelection(null, null, Verification.strict())).id()).isEqualTo(img.id());
        }
    }
}
