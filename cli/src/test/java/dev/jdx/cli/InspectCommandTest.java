package dev.jdx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jdx.fixtures.ImageBuilder;
import dev.jdx.fixtures.LayerBuilder;
import dev.jdx.fixtures.Requirements;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code jdx inspect} end to end on real images: output, JSON against the schema, errors and exit codes. */
class InspectCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void terminalSummaryShowsIdentitySizesAndEveryLayer() {
        Path img = Requirements.realworld("dive/test-docker-image.tar");
        Jdx.Result r = Jdx.run("inspect", "-q", img.toString());
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out()).isEmpty();

        r = Jdx.run("inspect", img.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains("dive-test:latest").contains("linux/amd64")
                .contains("Image ID   sha256:").contains("14 layers")
                .contains("RUN chmod 444 /root/example/somefile1.txt");
        assertThat(r.out().lines().filter(l -> l.matches("^\\s+\\d+\\s+[0-9a-f]{12}\\s.*"))).hasSize(14);
    }

    @Test
    void jsonOnStdoutFollowsThePublishedSchema() throws Exception {
        Path img = Requirements.realworld("dive/test-docker-image.tar");
        Jdx.Result r = Jdx.run("inspect", img.toString(), "--json", "-", "--json-files");
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        JsonNode doc = JSON.readTree(r.out());
        assertThat(SchemaValidator.errors(doc)).isEmpty();
        assertThat(doc.path("schemaVersion").asText()).isEqualTo("1.0");
        assertThat(doc.path("layers")).hasSize(14);
        assertThat(doc.path("history")).hasSize(15);
        assertThat(doc.path("history").get(1).path("emptyLayer").asBoolean()).isTrue();
        JsonNode layer9 = doc.path("layers").get(9);
        assertThat(layer9.path("createdBy").asText()).contains("rm -rf /root/example/");
        assertThat(layer9.path("removed").asInt()).isEqualTo(1);
        assertThat(layer9.path("files").get(1).path("path").asText()).isEqualTo("/root/example");
        assertThat(layer9.path("files").get(1).path("type").asText()).isEqualTo("whiteout");
        assertThat(layer9.path("files").get(0).path("shadowed").asBoolean()).isTrue();
        // sizes are consistent: the image's uncompressed size is the sum of its layers'
        long sum = 0;
        for (JsonNode l : doc.path("layers")) sum += l.path("size").asLong();
        assertThat(doc.path("image").path("sizeUncompressed").asLong()).isEqualTo(sum);
    }

    @Test
    void schemaRejectsAReportThatBreaksIt() throws Exception {
        Path img = Requirements.realworld("stereoscope/valid-oci.tar");
        Jdx.Result r = Jdx.run("inspect", img.toString(), "--json", "-");
        JsonNode doc = JSON.readTree(r.out());
        ((com.fasterxml.jackson.databind.node.ObjectNode) doc.path("layers").get(0)).put("compression", "brotli");
        assertThat(SchemaValidator.errors(doc)).contains("compression");
    }

    @Test
    void jsonFileIsWrittenWholeAndNotAtAllOnError(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("report.json");
        Jdx.Result bad = Jdx.run("inspect", tmp.resolve("missing.tar").toString(), "--json", out.toString());
        assertThat(bad.code()).isEqualTo(3);
        assertThat(out).doesNotExist();
        try (var s = Files.list(tmp)) {
            assertThat(s).isEmpty();
        }
        Path img = Requirements.realworld("stereoscope/valid-oci.tar");
        Jdx.Result ok = Jdx.run("inspect", "-q", img.toString(), "--json", out.toString());
        assertThat(ok.code()).as(ok.err()).isEqualTo(0);
        assertThat(SchemaValidator.errors(JSON.readTree(out.toFile()))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ggcr/tarball_no_manifest.tar                  | 3 | not a container image archive
            ggcr/tarball_null_manifest.tar                | 3 | manifest.json is null
            snyk/docker-oci-archives_unsupported-image.tar| 3 | not a container image archive
            dive/test-uncompressed-image.tar              | 3 | not a container image archive
            snyk/oci-archives_alpine-3.12.0.tar           | 3 | size mismatch
            snyk/docker-archives_skopeo-copy_centos-6.tar | 3 | diff_id: digest mismatch
            ggcr/layout_test_index_media_type             | 3 | not a container image: config media type application/vnd.cncf.helm.config.v1+json
            ggcr/tarball_test_bundle.tar                  | 2 | holds 2 images; choose one
            ggcr/layout_test_index                        | 2 | holds 4 images; choose one
            """)
    @Timeout(60)
    void brokenOrAmbiguousInputGetsOneLineAndItsExitCode(String fixture, int code, String message) {
        Path img = Requirements.realworld(fixture);
        Jdx.Result r = Jdx.run("inspect", "-q", img.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(code);
        assertThat(r.err()).startsWith("jdx: ").contains(message);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void noVerifyTurnsMismatchesIntoWarnings() {
        Path img = Requirements.realworld("snyk/docker-archives_skopeo-copy_centos-6.tar");
        Jdx.Result r = Jdx.run("inspect", "--no-verify", img.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains("warning: layer 0").contains("digest mismatch");
    }

    @Test
    void selectingFromAMultiImageArchive() {
        Path img = Requirements.realworld("ggcr/tarball_test_bundle.tar");
        assertThat(Jdx.run("inspect", "-q", img + ":test_image_1").code()).isEqualTo(0);
        Jdx.Result r = Jdx.run("inspect", img.toString(), "--image", "test_image_2");
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains("test_image_2");
    }

    @Test
    void platformSelectionAndAbsentPlatform() {
        Path dir = Requirements.realworld("stereoscope/multiplatform_oci_dir");
        Jdx.Result arm = Jdx.run("inspect", dir.toString(), "--platform", "linux/arm64");
        assertThat(arm.code()).as(arm.err()).isEqualTo(0);
        assertThat(arm.out()).contains("linux/arm64");
        Jdx.Result none = Jdx.run("inspect", dir.toString(), "--platform", "windows/amd64");
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("linux/amd64").contains("linux/arm64");
        Jdx.Result bad = Jdx.run("inspect", dir.toString(), "--platform", "linux");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--platform");
    }

    @Test
    void usageErrorsExit2AndVersionAndHelpWork() {
        assertThat(Jdx.run("inspect").code()).isEqualTo(2);
        assertThat(Jdx.run("inspect", "x.tar", "--bogus").code()).isEqualTo(2);
        Jdx.Result v = Jdx.run("--version");
        assertThat(v.code()).isEqualTo(0);
        assertThat(v.out()).matches("(?s)jdx \\d+\\.\\d+\\.\\d+.*");
        Jdx.Result h = Jdx.run("--help");
        assertThat(h.out()).contains("inspect").contains("Exit codes").contains("4  internal error");
    }

    /** A small layer that deletes a large base file reclaims more than it adds: the ratio exceeds 1, and the report
     *  still follows the schema (found by {@link CorruptInputSweepTest}: the schema capped the ratio at 1). */
    @Test
    void aRatioAboveOneStillFollowsTheSchema(@TempDir Path tmp) throws Exception {
        Path img = tmp.resolve("rm.tar");
        ImageBuilder.image()
                .layer(LayerBuilder.layer().file("usr/share/doc/big.txt", 100_000, 7), "ADD rootfs.tar /")
                .layer(LayerBuilder.layer().file("etc/motd", "hi\n").whiteout("usr/share/doc/big.txt"), "RUN rm big.txt")
                .writeDockerArchive(img, "rm/app:1");
        Jdx.Result r = Jdx.run("inspect", "--no-index", "-q", "--json", "-", img.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        JsonNode doc = JSON.readTree(r.out());
        assertThat(doc.at("/analysis/efficiency/userReclaimableRatio").asDouble()).isGreaterThan(1.0);
        assertThat(SchemaValidator.errors(doc)).isEmpty();
    }

    /** dive adds -1 per whiteout of an absent path, so its score can fall below -1; the schema allows it (found by
     *  {@link RandomLayersSweepTest}: the schema's minimum was -1). */
    @Test
    void aDiveScoreBelowMinusOneStillFollowsTheSchema(@TempDir Path tmp) throws Exception {
        Path img = tmp.resolve("wh.tar");
        ImageBuilder.image()
                .layer(LayerBuilder.layer().file("f", "x"), "ADD f /")
                .layer(LayerBuilder.layer().whiteout("nope1"), "RUN rm -f /nope1")
                .layer(LayerBuilder.layer().whiteout("nope2"), "RUN rm -f /nope2")
                .layer(LayerBuilder.layer().whiteout("nope3"), "RUN rm -f /nope3")
                .writeDockerArchive(img, "wh/app:1");
        Jdx.Result r = Jdx.run("inspect", "--no-index", "-q", "--json", "-", img.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        JsonNode doc = JSON.readTree(r.out());
        assertThat(doc.at("/analysis/dive/efficiency").asDouble()).isEqualTo((1.0 - 3) / 1);
        assertThat(SchemaValidator.errors(doc)).isEmpty();
    }
}
