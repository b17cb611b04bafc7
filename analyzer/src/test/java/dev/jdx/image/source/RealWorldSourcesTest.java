package dev.jdx.image.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jdx.fixtures.Requirements;
import dev.jdx.image.Digest;
import dev.jdx.image.Image;
import dev.jdx.image.ImageFormatException;
import dev.jdx.image.Layer;
import dev.jdx.image.MediaType;
import dev.jdx.image.Platform;
import dev.jdx.image.Verification;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every image of the shared real-world corpus (../shared/realworld, see its PROVENANCE.md) through {@link ImageSources}. */
@Timeout(60)
class RealWorldSourcesTest {

    /**
     * One image case: a spec relative to the corpus (with an optional prefix and selector), the wanted platform,
     * the expected source kind, platform, layer count and repo tags (';'-separated), whether a manifest digest is
     * known, and whether the layer blobs are real tars (the containers/image layout has text placeholders).
     */
    record Case(String prefix, String spec, String platform, String kind, String expectPlatform, int layers, String tags,
                boolean manifestDigest, boolean readLayers) {
        @Override
        public String toString() {
            return prefix + spec + (platform == null ? "" : " --platform " + platform);
        }
    }

    static Case c(String spec, String kind, String plat, int layers, String tags, boolean md) {
        return new Case("", spec, null, kind, plat, layers, tags, md, true);
    }

    static Stream<Case> images() {
        String da = "docker-archive", oa = "oci-archive", oci = "oci";
        return Stream.of(
                c("dive/test-docker-image.tar", da, "linux/amd64", 14, "dive-test:latest", false),
                c("dive/test-kaniko-image.tar", da, "linux/amd64", 14, "dive-test:kaniko-latest", false),
                c("dive/test-oci-gzip-image.tar", oa, "linux/arm64", 1, "", true),
                c("dive/test-oci-zstd-image.tar", oa, "linux/arm64", 1, "", true),
                c("dive/test-oci-estargz-image.tar", oa, "linux/arm64", 1, "", true),
                c("dive/test-oci-uncompressed-image.tar", oa, "linux/arm64", 1, "", true),
                c("ggcr/tarball_test_image_1.tar", da, "linux/amd64", 1, "bazel/v1/tarball:test_image_1", false),
                c("ggcr/tarball_test_image_2.tar", da, "linux/amd64", 1, "bazel/v1/tarball:test_image_2", false),
                c("ggcr/tarball_test_bundle.tar:test_image_1", da, "linux/amd64", 1, "test_image_1", false),
                c("ggcr/tarball_test_bundle.tar:test_image_2:latest", da, "linux/amd64", 1, "test_image_2", false),
                c("ggcr/tarball_test_link.tar:bazel/v1/tarball:test_image_3", da, "linux/amd64", 2, "bazel/v1/tarball:test_image_3", false),
                c("ggcr/tarball_test_link.tar:bazel/v1/tarball:test_image_1", da, "linux/amd64", 1, "bazel/v1/tarball:test_image_1", false),
                c("ggcr/tarball_test_load_manifest.tar", da, "linux/amd64", 1, "bazel/v1/tarball:test_image_1", false),
                c("ggcr/tarball_hello-world-v25.tar", da, "linux/arm64", 1, "", false),
                c("ggcr/mutate_whiteout_image.tar", da, "linux/amd64", 3, "bazel/pkg/v1/mutate:whiteout_image", false),
                c("ggcr/mutate_whiteout_dir.tar", da, "linux/amd64", 4, "localhost:5000/whiteout:latest", false),
                c("ggcr/mutate_overwritten_file.tar", da, "linux/amd64", 3, "bazel/pkg/v1/mutate:overwritten_file", false),
                c("ggcr/mutate_source_image.tar", da, "linux/amd64", 1, "bazel/pkg/v1/mutate:source_image", false),
                c("ggcr/layout_test_index:1", oci, "linux/amd64", 1, "1", true),
                c("ggcr/layout_test_index:2", oci, "linux/amd64", 1, "2", true),
                c("ggcr/layout_test_index:3", oci, "linux/amd64", 1, "3", true),
                c("ggcr/layout_test_index:4", oci, "linux/amd64", 1, "4", true),
                c("ggcr/layout_test_gc_index:1", oci, "linux/amd64", 1, "1", true),
                c("ggcr/layout_test_index_one_image", oci, "linux/amd64", 1, "", true),
                c("trivy/alpine-311.tar.gz", da, "linux/amd64", 1, "alpine:3.11", false),
                c("trivy/test.oci", oci, "linux/amd64", 1, "", true),
                c("trivy/test_image_tag.oci:0.0.1", oci, "linux/amd64", 1, "0.0.1", true),
                c("stereoscope/valid-oci.tar", oa, "linux/amd64", 1, "sample:latest", true),
                c("stereoscope/valid-oci.tar:sample:latest", oa, "linux/amd64", 1, "sample:latest", true),
                c("stereoscope/valid_oci_dir:1.0", oci, "linux/amd64", 1, "latest;1.0", true),
                c("stereoscope/valid_oci_dir", oci, "linux/amd64", 1, "latest;1.0", true),
                c("stereoscope/multiplatform_oci_dir", oci, "linux/amd64", 1, "docker.io/library/multi-platform:latest", true),
                c("stereoscope/multiplatform_oci_dir:multi-platform", oci, "linux/amd64", 1, "docker.io/library/multi-platform:latest", true),
                c("containers-image/almostempty.tar", da, "linux/amd64", 1, "emptyimage:latest", false),
                c("snyk/docker-archives_docker-save_hello-world.tar", da, "linux/amd64", 1, "hello-world:latest", true),
                c("snyk/docker-archives_skopeo-copy_nodes-fake-multi.tar", da, "linux/amd64", 2, "", false),
                c("snyk/docker-archives_skopeo-copy_node-removed.tar", oa, "linux/amd64", 3, "", true),
                c("snyk/kaniko-archives_kaniko-busybox.tar", da, "linux/amd64", 1, "kaniko-busybox:latest", false),
                c("snyk/oci-archives_busybox-1.31.1.tar", oa, "linux/amd64", 1, "", true),
                c("snyk/containerd-archives_busybox-single-arch-with-attestation-manifest.tar", da, "linux/arm64", 1, "foo/bar:v3", true),
                c("snyk/containerd-archives_busybox.armv7.tar", da, "linux/arm/v7", 1, "busybox:latest", true),
                c("snyk/containerd-archives_alpine.tar", da, "linux/amd64", 1, "alpine:3.14", true),
                // the same containerd exports read through their OCI layout instead of manifest.json
                new Case("oci-archive:", "snyk/containerd-archives_busybox-single-arch-with-attestation-manifest.tar", null, oa,
                        "linux/arm64", 1, "docker.io/foo/bar:v3;foo/bar:v3", true, true),
                new Case("oci-archive:", "snyk/containerd-archives_busybox.armv7.tar", null, oa, "linux/arm/v7", 1,
                        "docker.io/library/busybox:latest;busybox:latest", true, true),
                new Case("oci-archive:", "snyk/containerd-archives_busybox.armv7.tar", "linux/arm/v7", oa, "linux/arm/v7", 1,
                        "docker.io/library/busybox:latest;busybox:latest", true, true),
                new Case("oci-archive:", "snyk/containerd-archives_alpine.tar", null, oa, "linux/amd64", 1,
                        "docker.io/library/alpine:3.14;alpine:3.14", true, true),
                new Case("oci-archive:", "snyk/docker-archives_docker-save_hello-world.tar", null, oa, "linux/amd64", 1,
                        "docker.io/library/hello-world:latest;hello-world:latest", true, true),
                new Case("docker-archive:", "dive/test-docker-image.tar", "linux/amd64", da, "linux/amd64", 14, "dive-test:latest", false, true),
                new Case("oci:", "stereoscope/multiplatform_oci_dir", "linux/arm64", oci, "linux/arm64", 1,
                        "docker.io/library/multi-platform:latest", true, true),
                // placeholder layer blobs: resolution only
                new Case("", "containers-image/delete_image_multiple_images:latest", null, oci, "linux/amd64", 1, "latest;3.18.3", true, false),
                new Case("", "containers-image/delete_image_multiple_images:3.18.3", "linux/386", oci, "linux/386", 1, "latest;3.18.3", true, false),
                new Case("", "containers-image/delete_image_multiple_images:3.16.7", "linux/386", oci, "linux/386", 1, "3.16.7", true, false),
                new Case("", "containers-image/delete_image_multiple_images:1.0.0", null, oci, "linux/amd64", 1, "1.0.0", true, false));
    }

    static String path(String prefix, String spec) {
        return prefix + Requirements.realworld() + "/" + spec;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void resolvesAndEveryLayerMatchesItsDiffId(Case c) throws IOException {
        try (ImageSource src = ImageSources.open(path(c.prefix(), c.spec()))) {
            Image img = src.resolve(new ImageSelection(null, c.platform() == null ? null : Platform.parse(c.platform()),
                    Verification.strict()));
            assertThat(src.kind()).isEqualTo(c.kind());
            assertThat(img.source()).isEqualTo(c.kind());
            assertThat(img.platform()).hasToString(c.expectPlatform());
            assertThat(img.layers()).hasSize(c.layers());
            assertThat(img.repoTags()).containsExactlyElementsOf(
                    c.tags().isEmpty() ? List.of() : Arrays.asList(c.tags().split(";")));
            assertThat(img.manifestDigest() != null).isEqualTo(c.manifestDigest());
            // the config digest is the digest of the config bytes read (verified in strict mode)
            assertThat(img.id()).isEqualTo(Digest.sha256(img.config().raw()));
            assertThat(img.config().diffIds()).hasSize(c.layers());
            for (Layer l : img.layers()) {
                assertThat(l.diffId()).isEqualTo(img.config().diffIds().get(l.index()));
                assertThat(MediaType.isLayer(l.descriptor().mediaType())).as("media type %s", l.descriptor().mediaType()).isTrue();
                if (c.readLayers()) assertThat(Layers.uncompressedDigest(l)).as("diff_id of %s", l).isEqualTo(l.diffId());
            }
        }
    }

    /** Broken and non-image fixtures: the error type and a message naming the problem and the file. */
    static Stream<Arguments> broken() {
        return Stream.of(
                Arguments.of("dive/test-uncompressed-image.tar", null, ImageFormatException.class, "not a container image archive"),
                Arguments.of("snyk/docker-oci-archives_unsupported-image.tar", null, ImageFormatException.class, "not a container image archive"),
                Arguments.of("container-diff/la-croix-wh.tar", null, ImageFormatException.class, "not a container image archive"),
                Arguments.of("ggcr/tarball_no_manifest.tar", null, ImageFormatException.class, "no manifest.json"),
                Arguments.of("docker-archive:ggcr/tarball_no_manifest.tar", null, ImageFormatException.class, "not a docker-archive: no manifest.json"),
                Arguments.of("ggcr/tarball_null_manifest.tar", null, ImageFormatException.class, "manifest.json is null"),
                Arguments.of("ggcr/layout_test_index_media_type", null, ImageFormatException.class,
                        "not a container image: config media type application/vnd.cncf.helm.config.v1+json"),
                Arguments.of("oci-archive:ggcr/tarball_hello-world-v25.tar", null, ImageFormatException.class, "index.json lists no images"),
                Arguments.of("oci-archive:dive/test-docker-image.tar", null, ImageFormatException.class, "not an OCI archive: no index.json"),
                Arguments.of("oci:dive/test-docker-image.tar", null, ImageFormatException.class, "needs an OCI layout directory"),
                Arguments.of("ggcr/tarball_test_bundle.tar", null, SelectionException.class, "holds 2 images; choose one with SOURCE:NAME or --image NAME: test_image_2, test_image_1"),
                Arguments.of("ggcr/tarball_test_bundle.tar:nope", null, SelectionException.class, "no image named 'nope'; available: test_image_2, test_image_1"),
                Arguments.of("ggcr/tarball_test_link.tar", null, SelectionException.class, "bazel/v1/tarball:test_image_1, bazel/v1/tarball:test_image_3"),
                Arguments.of("ggcr/layout_test_index", null, SelectionException.class, "holds 4 images"),
                Arguments.of("containers-image/delete_image_multiple_images", null, SelectionException.class, "3.17.5 sha256:5b2aba4d3c27"),
                Arguments.of("stereoscope/multiplatform_oci_dir", "linux/s390x", SelectionException.class,
                        "platform linux/s390x is not available; available: linux/amd64, linux/arm64"),
                Arguments.of("dive/test-oci-gzip-image.tar", "linux/amd64", SelectionException.class,
                        "platform linux/amd64 is not available; the image is linux/arm64"),
                Arguments.of("snyk/containerd-archives_busybox.armv7.tar", "linux/amd64", SelectionException.class,
                        "the image is linux/arm/v7"),
                Arguments.of("oci-archive:snyk/containerd-archives_busybox.armv7.tar", "linux/amd64", ImageFormatException.class,
                        "the manifest for linux/amd64 (sha256:"),
                Arguments.of("ggcr/mutate_source_image_with_empty_layer_history.tar:nothing", null, SelectionException.class,
                        "available: bazel/pkg/v1/mutate:source_image"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("broken")
    void brokenFixturesFailWithAClearMessage(String spec, String platform, Class<? extends IOException> type, String fragment) {
        String prefix = spec.matches("^(oci|oci-archive|docker-archive):.*") ? spec.substring(0, spec.indexOf(':') + 1) : "";
        String full = path(prefix, spec.substring(prefix.length()));
        assertThatThrownBy(() -> {
            try (ImageSource src = ImageSources.open(full)) {
                src.resolve(new ImageSelection(null, platform == null ? null : Platform.parse(platform), Verification.strict()));
            }
        }).isExactlyInstanceOf(type).hasMessageContaining(fragment).hasMessageContaining(
                Requirements.realworld().resolve(spec.substring(prefix.length()).replaceFirst(":[^/]*$", "")).toString());
    }

    /** Hand-trimmed fixtures: with {@code --no-verify} they resolve, read to the end, and leave these warnings. */
    static Stream<Arguments> handTrimmed() {
        return Stream.of(
                Arguments.of("snyk/oci-archives_alpine-3.12.0.tar", List.of("size mismatch: descriptor declares 2797541 bytes, read 6165",
                        "digest mismatch: expected sha256:df20fa9351a15782c64e6dddb2d4a6f50bf6d3688060a34c4014b0d9a752eb4c")),
                Arguments.of("ggcr/mutate_source_image_with_empty_layer_history.tar",
                        List.of("member name 6e0b05049ed9c17d02e1a55e80d6599dbfcce7f4f4b022e3c673e685789c470e.json does not match")),
                // the gzip layer named by its diff_id claims no blob digest: its mismatch is the scanner's diff_id check
                Arguments.of("snyk/docker-archives_skopeo-copy_centos-6.tar", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("handTrimmed")
    void handTrimmedFixturesResolveWithWarningsUnderNoVerify(String spec, List<String> warnings) throws IOException {
        Verification warn = Verification.warnOnly();
        try (ImageSource src = ImageSources.open(path("", spec))) {
            for (Layer l : src.resolve(new ImageSelection(null, null, warn)).layers()) Layers.uncompressedDigest(l);
        }
        assertThat(warn.warnings()).hasSize(warnings.size());
        for (int i = 0; i < warnings.size(); i++) assertThat(warn.warnings().get(i)).contains(warnings.get(i));
    }

    @Test
    void handTrimmedOciArchiveFailsStrictlyAndWarnsWithNoVerify() throws IOException {
        String spec = path("", "snyk/oci-archives_alpine-3.12.0.tar");
        try (ImageSource src = ImageSources.open(spec)) {
            Layer l = src.resolve(ImageSelection.defaults()).layers().get(0);
            assertThatThrownBy(() -> Layers.uncompressedDigest(l)).isInstanceOf(ImageFormatException.class)
                    .hasMessageContaining("layer 0 (sha256:df20fa9351a1)").hasMessageContaining("size mismatch");
        }
        Verification warn = Verification.warnOnly();
        try (ImageSource src = ImageSources.open(spec)) {
            Layer l = src.resolve(new ImageSelection(null, null, warn)).layers().get(0);
            Layers.uncompressedDigest(l);
        }
        assertThat(warn.warnings()).anyMatch(w -> w.contains("size mismatch")).anyMatch(w -> w.contains("digest mismatch"));
    }

    @Test
    void handTrimmedSkopeoArchiveHasAGzipLayerWhoseDiffIdDoesNotMatch() throws IOException {
        try (ImageSource src = ImageSources.open(path("", "snyk/docker-archives_skopeo-copy_centos-6.tar"))) {
            Layer l = src.resolve(ImageSelection.defaults()).layers().get(0);
            assertThat(l.descriptor().mediaType()).isEqualTo(MediaType.DOCKER_LAYER_GZIP);
            assertThat(l.descriptor().digest()).as("named by diff_id, so no blob digest is claimed").isNull();
            assertThat(Layers.uncompressedDigest(l)).isNotEqualTo(l.diffId());
        }
    }

    /** PROVENANCE: "docker v2 manifest (declared as OCI manifest)": read, with a warning that says so. */
    @Test
    void aManifestListedUnderAnotherMediaTypeIsReadWithAWarning() throws IOException {
        Verification v = Verification.strict();
        try (ImageSource src = ImageSources.open(path("oci:", "ggcr/layout_test_index:1"))) {
            assertThat(src.resolve(new ImageSelection(null, null, v)).layers()).hasSize(1);
        }
        assertThat(v.warnings()).singleElement().asString().contains("manifest eebff607b162 has media type "
                + MediaType.DOCKER_MANIFEST + " but is listed with media type " + MediaType.OCI_MANIFEST);
    }

    @Test
    void configNamedByAnotherDigestIsAWarningAsDockerLoadIgnoresTheName() throws IOException {
        Verification v = Verification.strict();
        try (ImageSource src = ImageSources.open(path("", "ggcr/mutate_source_image_with_empty_layer_history.tar"))) {
            Image img = src.resolve(new ImageSelection(null, null, v));
            assertThat(img.id()).isEqualTo(Digest.sha256(img.config().raw()));
            assertThat(img.config().history()).hasSize(2);
        }
        assertThat(v.warnings()).singleElement().asString().contains("does not match its content digest");
    }

    @Test
    void kanikoLayersCarryTheDigestTheirNamesClaimAndItIsVerified() throws IOException {
        try (ImageSource src = ImageSources.open(path("", "dive/test-kaniko-image.tar"))) {
            Image img = src.resolve(ImageSelection.defaults());
            assertThat(img.id()).hasToString("sha256:ae16a51058a758c7963b2f9b23d1acfa201ce9cbefc8cb93845f8cd934fb144d");
            Layer first = img.layers().get(0);
            assertThat(first.descriptor().digest()).hasToString("sha256:5c4213be9af904dd74649d250f22023f532b2f9179ffcb15260b5eaa10d7a3b4");
            assertThat(first.descriptor().mediaType()).isEqualTo(MediaType.DOCKER_LAYER_GZIP);
        }
    }

    @Test
    void dockerSaveV25TakesLayerDigestsFromBlobPaths() throws IOException {
        try (ImageSource src = ImageSources.open(path("", "ggcr/tarball_hello-world-v25.tar"))) {
            Layer l = src.resolve(ImageSelection.defaults()).layers().get(0);
            assertThat(l.descriptor().digest()).hasToString("sha256:12660636fe55438cc3ae7424da7ac56e845cdb52493ff9cf949c47a7f57f8b43");
            assertThat(l.descriptor().size()).isEqualTo(10752);
        }
    }

    @Test
    void theSelectionNameOverridesNothingWhenAbsentAndFeedsTheSameMatching() throws IOException {
        try (ImageSource src = ImageSources.open(path("", "ggcr/tarball_test_bundle.tar"))) {
            Image img = src.resolve(new ImageSelection("test_image_2", null, Verification.strict()));
            assertThat(img.repoTags()).containsExactly("test_image_2");
        }
    }
}
