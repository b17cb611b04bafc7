package dev.jdx.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.jdx.analysis.WastedPath.Reason;
import dev.jdx.fixtures.Requirements;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An image with known waste built by real tools: umoci writes two layers (the second overwrites a file, re-chmods
 * another and deletes a directory), skopeo turns the layout into a docker-archive.
 */
class UmociKnownWasteTest {

    @Test
    void knownWaste(@TempDir Path dir) throws Exception {
        Path umoci = Requirements.tool("umoci");
        Path skopeo = Requirements.tool("skopeo");
        Path layout = dir.resolve("layout"), bundle = dir.resolve("bundle"), archive = dir.resolve("app.tar");
        run(umoci, "init", "--layout", layout.toString());
        run(umoci, "new", "--image", layout + ":app");
        run(umoci, "unpack", "--image", layout + ":app", bundle.toString());
        Path root = bundle.resolve("rootfs");
        Random r = new Random(42);
        Files.write(root.resolve("big"), bytes(r, 100_000));
        Files.createDirectories(root.resolve("d"));
        Files.write(root.resolve("d/x"), bytes(r, 5_000));
        Files.write(root.resolve("d/y"), bytes(r, 7_000));
        Files.write(root.resolve("keep"), bytes(r, 300));
        Files.setPosixFilePermissions(root.resolve("keep"), PosixFilePermissions.fromString("rw-r--r--"));
        run(umoci, "repack", "--refresh-bundle", "--image", layout + ":app", "--history.created_by", "write files", bundle.toString());
        Files.write(root.resolve("big"), bytes(r, 50_000));
        Files.setPosixFilePermissions(root.resolve("keep"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.delete(root.resolve("d/x"));
        Files.delete(root.resolve("d/y"));
        Files.delete(root.resolve("d"));
        run(umoci, "repack", "--refresh-bundle", "--image", layout + ":app", "--history.created_by", "change files", bundle.toString());
        run(skopeo, "copy", "oci:" + layout + ":app", "docker-archive:" + archive + ":jdx-test/umoci:1");

        var l = TestArchives.load(archive, AnalysisCapture.INSTANCE);
        Analysis a = new Analyzer().analyze(l.image(), l.layers(), l.captured());
        assertThat(a.layers()).hasSize(2);
        Efficiency e = a.efficiency();
        assertThat(e.reclaimableBytes()).isEqualTo(100_000 + 300 + 5_000 + 7_000);
        assertThat(e.finalBytes()).isEqualTo(50_000 + 300);
        assertThat(a.topWaste()).extracting(WastedPath::path, WastedPath::bytes, WastedPath::writtenBy, WastedPath::discardedBy, WastedPath::reason)
                .containsExactly(
                        tuple("/big", 100_000L, 0, 1, Reason.OVERWRITTEN),
                        tuple("/d/y", 7_000L, 0, 1, Reason.DELETED_WITH_DIRECTORY),
                        tuple("/d/x", 5_000L, 0, 1, Reason.DELETED_WITH_DIRECTORY),
                        tuple("/keep", 300L, 0, 1, Reason.METADATA_CHANGED));
        assertThat(a.layers().get(1)).extracting(LayerSummary::modified, LayerSummary::modifiedBytes, LayerSummary::removed,
                LayerSummary::removedBytes).containsExactly(2, 50_300L, 2, 12_000L);
        // dive counts the overwrite and the chmod with both copies, the deleted directory once (on its whiteout)
        assertThat(a.dive().wastedBytes()).isEqualTo(150_000 + 600);
        assertThat(a.dive().inefficientFiles()).extracting(DiveFigures.InefficientFile::path).containsExactly("/big", "/keep");
        assertThat(a.buildSteps()).extracting(BuildStep::instruction).containsExactly("# write files", "# change files");
    }

    private static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static void run(Path tool, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(tool.toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " timed out");
        }
        if (p.exitValue() != 0) throw new AssertionError(String.join(" ", cmd) + " failed: " + out);
    }
}
