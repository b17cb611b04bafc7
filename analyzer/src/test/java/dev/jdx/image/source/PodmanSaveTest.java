package dev.jdx.image.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jdx.fixtures.BuiltImage;
import dev.jdx.fixtures.DemoImage;
import dev.jdx.fixtures.Requirements;
import dev.jdx.image.Image;
import dev.jdx.image.Layer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code podman save} archives, which the real-world corpus lacks: the demo image is loaded into a throwaway podman
 * store (vfs, under the test's temp dir) and saved as docker-archive, multi-image docker-archive and oci-archive.
 */
@Timeout(180)
class PodmanSaveTest {
    @TempDir
    Path tmp;

    private List<String> podman(String... args) {
        Path podman = Requirements.tool("podman");
        List<String> cmd = new ArrayList<>(List.of(podman.toString(), "--root", tmp.resolve("root").toString(), "--runroot",
                tmp.resolve("runroot").toString(), "--storage-driver", "vfs", "--cgroup-manager", "cgroupfs",
                "--events-backend", "file"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    @Test
    void podmanSavedArchivesResolveToTheDemoImage() throws Exception {
        Path demo = tmp.resolve("demo.tar");
        BuiltImage built = DemoImage.write(demo);
        RealToolsTest.run(tmp, podman("load", "-i", demo.toString()).toArray(String[]::new));
        RealToolsTest.run(tmp, podman("tag", "jdx-demo/app:1.0", "other:2").toArray(String[]::new));
        RealToolsTest.run(tmp, podman("save", "--format", "docker-archive", "-o", tmp.resolve("d.tar").toString(),
                "jdx-demo/app:1.0").toArray(String[]::new));
        RealToolsTest.run(tmp, podman("save", "--format", "oci-archive", "-o", tmp.resolve("o.tar").toString(),
                "jdx-demo/app:1.0").toArray(String[]::new));
        RealToolsTest.run(tmp, podman("save", "-m", "--format", "docker-archive", "-o", tmp.resolve("m.tar").toString(),
                "jdx-demo/app:1.0", "other:2").toArray(String[]::new));
        Image original = RealToolsTest.resolve(demo.toString());
        for (String spec : List.of(tmp.resolve("d.tar").toString(), tmp.resolve("o.tar").toString(),
                tmp.resolve("o.tar") + ":jdx-demo/app:1.0", tmp.resolve("m.tar").toString())) {
            Image img = RealToolsTest.resolve(spec);
            if (spec.contains("o.tar")) {
                // podman rewrites the config as an OCI config (new bytes, new id); the OCI config has no Healthcheck
                assertThat(img.manifestDigest()).isNotNull();
                assertThat(img.config().config().healthcheck()).isNull();
                assertThat(img.config().config()).usingRecursiveComparison().ignoringFields("healthcheck")
                        .isEqualTo(original.config().config());
                assertThat(img.config().history()).isEqualTo(original.config().history());
            } else {
                assertThat(img.id()).as(spec).hasToString(built.config().digest());
            }
            assertThat(RealToolsTest.diffIds(img)).as(spec).isEqualTo(RealToolsTest.diffIds(original));
            assertThat(img.repoTags()).as(spec).contains("localhost/jdx-demo/app:1.0");
            for (Layer l : img.layers()) assertThat(l.descriptor().digest()).isNotNull();
        }
        // podman save -m puts both tags on one manifest.json entry: one image, two names
        assertThat(RealToolsTest.resolve(tmp.resolve("m.tar") + ":other:2").repoTags()).containsExactly("localhost/jdx-demo/app:1.0", "localhost/other:2");
        assertThatThrownBy(() -> RealToolsTest.resolve(tmp.resolve("o.tar") + ":nope")).isInstanceOf(SelectionException.class)
                .hasMessageContaining("available: localhost/jdx-demo/app:1.0");
    }
}
