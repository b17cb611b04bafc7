package dev.jdx.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdx.fixtures.Requirements;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * A real multi-stage Dockerfile built by buildah on top of the real alpine 3.11 image: known history, known
 * runtime config, one known deletion. buildah commits the whole final stage as one layer and marks every history
 * entry but the last as empty; the analysis must follow that.
 */
class BuildahMultiStageTest {

    private static final String DOCKERFILE = """
            FROM alpine:3.11 AS build
            RUN echo hello > /built.txt

            FROM alpine:3.11
            ENV APP_TOKEN= MODE=prod
            COPY --from=build /built.txt /app/built.txt
            COPY hello.txt /app/
            RUN rm /etc/motd && chmod 600 /app/hello.txt
            EXPOSE 8080 53/udp
            VOLUME /data
            USER 1000
            WORKDIR /app
            CMD ["cat", "/app/built.txt"]
            """;

    @Test
    void multiStageBuild() throws Exception {
        Path buildah = Requirements.tool("buildah");
        Requirements.tool("runc");
        Path alpine = Requirements.realworld("trivy/alpine-311.tar.gz");
        Path work = Requirements.repoRoot().resolve("analyzer/target/buildah-multistage");
        run(List.of("rm", "-rf", work.toString()));
        Path ctx = Files.createDirectories(work.resolve("ctx"));
        Files.writeString(ctx.resolve("Dockerfile"), DOCKERFILE);
        Files.writeString(ctx.resolve("hello.txt"), "hi\n");
        Path base = work.resolve("alpine.tar");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(alpine)); OutputStream out = Files.newOutputStream(base)) {
            in.transferTo(out);
        }
        List<String> b = List.of(buildah.toString(), "--storage-driver", "vfs", "--root", work.resolve("root").toString(),
                "--runroot", work.resolve("runroot").toString());
        String id = run(concat(b, "pull", "-q", "docker-archive:" + base)).strip();
        run(concat(b, "tag", id.substring(id.lastIndexOf('\n') + 1), "docker.io/library/alpine:3.11"));
        run(concat(b, "bud", "--isolation", "chroot", "--runtime", "runc", "--pull=never", "-t", "jdx-test/buildah:1", ctx.toString()));
        Path archive = work.resolve("out.tar");
        run(concat(b, "push", "jdx-test/buildah:1", "docker-archive:" + archive + ":jdx-test/buildah:1"));

        var l = TestArchives.load(archive, AnalysisCapture.INSTANCE);
        Analysis a = new Analyzer().analyze(l.image(), l.layers(), l.captured());

        assertThat(a.base()).extracting(BaseImageGuess::layers, BaseImageGuess::method).containsExactly(1, "history");
        assertThat(a.base().description()).startsWith("alpine 3.11.").endsWith("(1 layer) ending at step 1: CMD [\"/bin/sh\"]");
        assertThat(a.buildSteps()).extracting(BuildStep::instruction).satisfiesExactly(
                s -> assertThat(s).matches("ADD file:[0-9a-f]{12} /"),
                s -> assertThat(s).isEqualTo("CMD [\"/bin/sh\"]"),
                s -> assertThat(s).isEqualTo("ENV APP_TOKEN= MODE=prod"),
                s -> assertThat(s).matches("COPY file:[0-9a-f]{12} /app/built.txt"),
                s -> assertThat(s).matches("COPY file:[0-9a-f]{12} /app/"),
                s -> assertThat(s).isEqualTo("RUN rm /etc/motd && chmod 600 /app/hello.txt"),
                s -> assertThat(s).isEqualTo("EXPOSE 8080 53/udp"),
                s -> assertThat(s).isEqualTo("VOLUME /data"),
                s -> assertThat(s).isEqualTo("USER 1000"),
                s -> assertThat(s).isEqualTo("WORKDIR /app"),
                s -> assertThat(s).isEqualTo("CMD [\"cat\", \"/app/built.txt\"]"));
        // buildah's single committed layer belongs to the last history entry
        assertThat(a.buildSteps()).extracting(BuildStep::layer).containsExactly(0, null, null, null, null, null, null, null, null, null, 1);

        assertThat(a.run().dockerRun()).startsWith("docker run -p 53:53/udp -p 8080:8080 -v data:/data -e APP_TOKEN --user 1000 --workdir /app ")
                .endsWith(" cat /app/built.txt");

        assertThat(a.topWaste()).filteredOn(w -> w.path().equals("/etc/motd")).singleElement()
                .satisfies(w -> {
                    assertThat(w.reason()).isEqualTo(WastedPath.Reason.DELETED);
                    assertThat(w.writtenBy()).isZero();
                    assertThat(w.discardedBy()).isEqualTo(1);
                });
        assertThat(a.efficiency().baseLayers()).isEqualTo(1);
        assertThat(a.efficiency().userReclaimableBytes()).isEqualTo(a.topWaste().stream().mapToLong(WastedPath::bytes).sum());
        assertThat(a.layers().get(1).removed()).isEqualTo(1);
        assertThat(a.os().id()).isEqualTo("alpine");
        assertThat(a.packages().packages()).hasSize(14).allMatch(p -> p.layer() == 0);
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> out = new ArrayList<>(head);
        out.addAll(List.of(tail));
        return out;
    }

    private static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " timed out");
        }
        if (p.exitValue() != 0) throw new AssertionError(String.join(" ", cmd) + " failed (" + p.exitValue() + "): " + out);
        return out;
    }
}
