package dev.jdx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdx.fixtures.Requirements;
import dev.jdx.image.GzipDecoder;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The packaged jdx inspects gzip images written by other tools to the same JSON analysis whether ISA-L or the JDK
 * decodes their layers ({@code JDX_INFLATE=isal|jdk}, each in its own JVM: the decoder is chosen once per process).
 * Among them: kaniko's and buildx's gzip layers, eStargz (a gzip member per file), a whole {@code docker save}
 * archive gzipped, and a layer that is gzip despite its {@code .tar} name.
 */
class GzipDecodersIT {
    private static final Path REPO = Requirements.repoRoot();

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {}

    private Run inspect(String decoder, Path image) throws Exception {
        Path jar = REPO.resolve("cli/target/jdx.jar");
        Requirements.require(Files.isRegularFile(jar), "cli/target/jdx.jar (mvn package)");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "inspect", "--no-index", "--json", "-", image.toString());
        pb.environment().put("JDX_INFLATE", decoder);
        pb.environment().put("JDX_TIMINGS", "1");
        pb.environment().remove("CI");
        pb.environment().put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
        Path out = tmp.resolve(decoder + ".out"), err = tmp.resolve(decoder + ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("jdx inspect " + image + " did not finish in 120 s");
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "dive/test-kaniko-image.tar",
            "dive/test-oci-gzip-image.tar",
            "dive/test-oci-estargz-image.tar",
            "ggcr/mutate_whiteout_dir.tar",
            "trivy/alpine-311.tar.gz",
            "snyk/docker-archives_skopeo-copy_node-removed.tar",
            "snyk/oci-archives_busybox-1.31.1.tar",
            "snyk/docker-archives_skopeo-copy_centos-6.tar",
    })
    void isalAndTheJdkGiveTheSameAnalysis(String name) throws Exception {
        Path image = Requirements.realworld(name);
        Requirements.require(GzipDecoder.nativeDecoder().isPresent(),
                "the ISA-L gzip decoder (apt install libisal2): " + GzipDecoder.description());
        Run isal = inspect("isal", image);
        Run jdk = inspect("jdk", image);
        assertThat(isal.code()).as(isal.err()).isEqualTo(jdk.code());
        if (isal.code() == 0) { // a failed inspect (centos-6's layer does not match its diff_id) stops before the note
            assertThat(isal.err()).contains("gzip decoder: ISA-L igzip");
            assertThat(jdk.err()).contains("gzip decoder: JDK zlib (ISA-L not used: JDX_INFLATE=jdk)");
        }
        assertThat(isal.out()).isEqualTo(jdk.out());
        assertThat(stripTimings(isal.err())).isEqualTo(stripTimings(jdk.err()));
        assertThat(isal.out()).as("a JSON analysis, or the same error").satisfiesAnyOf(
                o -> assertThat(o).startsWith("{"), o -> assertThat(isal.code()).isNotZero());
    }

    private static List<String> stripTimings(String err) {
        return err.lines().filter(l -> !l.startsWith("jdx: timing:")).toList();
    }
}
