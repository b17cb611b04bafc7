package dev.jdx.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdx.fixtures.Requirements;
import dev.jdx.fs.EntryType;
import dev.jdx.fs.FileEntry;
import dev.jdx.fs.LayerContents;
import dev.jdx.fs.LayerScanner;
import dev.jdx.fs.ScanOptions;
import dev.jdx.fs.ScanResult;
import dev.jdx.image.Image;
import dev.jdx.image.Layer;
import dev.jdx.image.Platform;
import dev.jdx.image.Verification;
import dev.jdx.image.source.ImageSelection;
import dev.jdx.image.source.ImageSource;
import dev.jdx.image.source.ImageSources;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every image of ../shared/realworld (see its PROVENANCE.md), read by jdx and, independently, layer by layer
 * by GNU tar: the layer count, each layer's entry count and byte total must agree.
 */
class RealWorldCorpusTest {

    /** fixture, selection name (or null), platform (or null), expected layer count. */
    static Stream<Arguments> images() {
        return Stream.of(
                Arguments.of("dive/test-docker-image.tar", null, null, 14),
                Arguments.of("dive/test-kaniko-image.tar", null, null, 14),
                Arguments.of("dive/test-oci-gzip-image.tar", null, null, 1),
                Arguments.of("dive/test-oci-zstd-image.tar", null, null, 1),
                Arguments.of("dive/test-oci-estargz-image.tar", null, null, 1),
                Arguments.of("dive/test-oci-uncompressed-image.tar", null, null, 1),
                Arguments.of("ggcr/tarball_test_image_1.tar", null, null, 1),
                Arguments.of("ggcr/tarball_test_image_2.tar", null, null, 1),
                Arguments.of("ggcr/tarball_test_bundle.tar", "test_image_1", null, 1),
                Arguments.of("ggcr/tarball_test_bundle.tar", "test_image_2", null, 1),
                Arguments.of("ggcr/tarball_test_load_manifest.tar", null, null, 1),
                Arguments.of("ggcr/tarball_hello-world-v25.tar", null, null, 1),
                Arguments.of("ggcr/mutate_whiteout_image.tar", null, null, -1),
                Arguments.of("ggcr/mutate_whiteout_dir.tar", null, null, -1),
                Arguments.of("ggcr/mutate_overwritten_file.tar", null, null, -1),
                Arguments.of("ggcr/mutate_source_image.tar", null, null, -1),
                Arguments.of("ggcr/mutate_source_image_with_empty_layer_history.tar", null, null, -1),
                Arguments.of("ggcr/layout_test_index_one_image", null, null, -1),
                Arguments.of("trivy/alpine-311.tar.gz", null, null, 1),
                Arguments.of("trivy/test.oci", null, null, 1),
                Arguments.of("trivy/test_image_tag.oci", "0.0.1", null, 1),
                Arguments.of("stereoscope/valid-oci.tar", null, null, 1),
                Arguments.of("stereoscope/valid_oci_dir", "1.0", null, 1),
                Arguments.of("stereoscope/multiplatform_oci_dir", null, "linux/arm64", -1),
                Arguments.of("stereoscope/multiplatform_oci_dir", null, "linux/amd64", -1),
                Arguments.of("containers-image/almostempty.tar", null, null, 1),
                Arguments.of("snyk/docker-archives_docker-save_hello-world.tar", null, null, 1),
                Arguments.of("snyk/docker-archives_skopeo-copy_nodes-fake-multi.tar", null, null, 2),
                Arguments.of("snyk/docker-archives_skopeo-copy_node-removed.tar", null, null, 3),
                Arguments.of("snyk/kaniko-archives_kaniko-busybox.tar", null, null, 1),
                Arguments.of("snyk/oci-archives_busybox-1.31.1.tar", null, null, 1),
                Arguments.of("snyk/containerd-archives_busybox-single-arch-with-attestation-manifest.tar", null, "linux/arm64", 1),
                Arguments.of("snyk/containerd-archives_busybox.armv7.tar", null, "linux/arm/v7", 1),
                Arguments.of("snyk/containerd-archives_alpine.tar", null, null, 1));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("images")
    void jdxAgreesWithGnuTarOnEveryLayer(String fixture, String name, String platform, int layerCount, @TempDir Path tmp)
            throws Exception {
        Path path = Requirements.realworld(fixture);
        Requirements.tool("tar");
        try (ImageSource src = ImageSources.open(path.toString())) {
            Image img = src.resolve(new ImageSelection(name, platform == null ? null : Platform.parse(platform), Verification.strict()));
            if (layerCount >= 0) assertThat(img.layers()).hasSize(layerCount);
            if (platform != null) assertThat(img.platform().satisfies(Platform.parse(platform))).isTrue();
            ScanResult scan = new LayerScanner(ScanOptions.defaults()).scan(img, Verification.strict());
            assertThat(scan.layers()).hasSize(img.layers().size());
            for (Layer layer : img.layers()) {
                Path blob = tmp.resolve("layer-" + layer.index());
                try (InputStream in = layer.open()) {
                    Files.copy(in, blob, StandardCopyOption.REPLACE_EXISTING);
                }
                GnuTar.Listing tar = GnuTar.list(blob);
                LayerContents lc = scan.layers().get(layer.index());
                assertThat(lc.entries()).as("%s layer %d entries", fixture, layer.index()).hasSize(tar.entries());
                long fileBytes = lc.entries().stream().filter(e -> e.type() == EntryType.FILE).mapToLong(FileEntry::size).sum();
                assertThat(fileBytes).as("%s layer %d bytes", fixture, layer.index()).isEqualTo(tar.bytes());
                if (layer.diffId() != null) assertThat(lc.diffId()).isEqualTo(layer.diffId());
            }
        }
    }
}
