package dev.jdx.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdx.fixtures.Requirements;
import dev.jdx.fs.CapturedFiles;
import dev.jdx.fs.LayerContents;
import dev.jdx.fs.LayerStack;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Ground truth for the dpkg inventory: a real Debian bookworm minbase root filesystem made by debootstrap, tarred
 * into one layer, must list exactly what {@code dpkg-query --admindir=ROOTFS/var/lib/dpkg -W} lists. The rootfs
 * is built once and cached under {@code target/debootstrap-bookworm} (about 60 s and 130 MB).
 */
class DebootstrapGroundTruthTest {

    @Test
    void dpkgInventoryEqualsDpkgQuery() throws Exception {
        Path debootstrap = Requirements.tool("debootstrap");
        Path dpkgQuery = Requirements.tool("dpkg-query");
        Path tar = Requirements.tool("tar");
        Path cache = Requirements.repoRoot().resolve("analyzer/target/debootstrap-bookworm");
        Path rootfs = cache.resolve("rootfs");
        Path layer = cache.resolve("layer.tar");
        if (!Files.exists(cache.resolve("done"))) {
            Files.createDirectories(cache);
            run(List.of("rm", "-rf", rootfs.toString()), 60);
            run(List.of(debootstrap.toString(), "--variant=minbase", "bookworm", rootfs.toString(), mirror()), 900);
            run(List.of(tar.toString(), "--numeric-owner", "-C", rootfs.toString(), "-cf", layer.toString(), "."), 300);
            Files.writeString(cache.resolve("done"), "ok\n");
        }
        Map<String, byte[]> kept = new HashMap<>();
        LayerContents lc;
        try (InputStream in = Files.newInputStream(layer)) {
            lc = TestArchives.readLayer(0, in, Files.size(layer), AnalysisCapture.INSTANCE, kept);
        }
        CapturedFiles captured = new CapturedFiles(List.of(kept));
        FileContents files = new FileContents(LayerStack.build(List.of(lc)).finalTree(), captured);
        Packages p = PackageInventory.inventory(files, captured);

        String expected = run(List.of(dpkgQuery.toString(), "--admindir=" + rootfs.resolve("var/lib/dpkg"), "-W",
                "-f=${Package} ${Version}\\n"), 60);
        TreeSet<String> want = new TreeSet<>(expected.lines().filter(s -> !s.isBlank()).toList());
        TreeSet<String> got = new TreeSet<>();
        for (Package x : p.packages()) if (x.type().equals("deb")) got.add(x.name() + " " + x.version());
        assertThat(want).hasSizeGreaterThan(50);
        assertThat(got).containsExactlyElementsOf(want);
        assertThat(p.notes()).isEmpty();

        OsInfo os = OsDetector.detect(files);
        assertThat(os.id()).isEqualTo("debian");
        assertThat(os.versionId()).isEqualTo("12");
        assertThat(os.source()).isEqualTo("/usr/lib/os-release"); // reached through the /etc/os-release symlink
    }

    /** The Debian mirror this machine uses (deb822 sources first, then sources.list), else deb.debian.org. */
    private static String mirror() throws IOException {
        Path deb822 = Path.of("/etc/apt/sources.list.d/debian.sources");
        if (Files.exists(deb822)) {
            for (String l : Files.readAllLines(deb822)) {
                if (l.startsWith("URIs:") && !l.contains("security")) return l.substring(5).trim().split("\\s+")[0];
            }
        }
        Path list = Path.of("/etc/apt/sources.list");
        if (Files.exists(list)) {
            for (String l : Files.readAllLines(list)) {
                String[] w = l.trim().split("\\s+");
                if (w.length > 2 && w[0].equals("deb") && !l.contains("security")) return w[1];
            }
        }
        return "http://deb.debian.org/debian";
    }

    private static String run(List<String> cmd, int timeoutSeconds) throws Exception {
        Process p = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(cmd.get(0) + " timed out");
        }
        String s = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) throw new AssertionError(String.join(" ", cmd) + " failed (" + p.exitValue() + "): " + tail(s));
        return s;
    }

    private static String tail(String s) {
        return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
    }
}
