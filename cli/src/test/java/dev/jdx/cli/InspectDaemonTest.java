package dev.jdx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jdx.fixtures.DemoImage;
import dev.jdx.fixtures.RealDockerd;
import dev.jdx.image.source.daemon.EndpointDiscovery;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import picocli.CommandLine;

/** {@code jdx inspect} on images in a real dockerd (started for this class): sources, notice line, exit codes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InspectDaemonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path work;
    private RealDockerd dockerd;
    private Path demo;

    record Run(int code, String out, String err) {}

    @BeforeAll
    void start() throws IOException {
        dockerd = RealDockerd.start();
        work = Files.createTempDirectory("jdx-inspect-daemon");
        demo = work.resolve("demo.tar");
        DemoImage.write(demo);
        dockerd.load(demo);
    }

    @AfterAll
    void stop() {
        if (dockerd != null) dockerd.close();
        if (work != null) {
            try (var s = Files.walk(work)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temp dir left behind
            }
        }
    }

    private Run jdx(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintWriter outWriter = new PrintWriter(out, true);
        CommandLine cl = JdxCommand.commandLine(outWriter, new PrintWriter(err, true));
        ((InspectCommand) cl.getSubcommands().get("inspect").getCommand()).discovery = new EndpointDiscovery(env, work, true);
        PrintStream old = System.out;
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        synchronized (Jdx.class) {
            System.setOut(new PrintStream(raw, true, StandardCharsets.UTF_8));
            try {
                int code = cl.execute(args);
                System.out.flush();
                outWriter.flush();
                return new Run(code, raw.toString(StandardCharsets.UTF_8) + out, err.toString());
            } finally {
                System.setOut(old);
            }
        }
    }

    private Map<String, String> env() {
        return Map.of("DOCKER_HOST", "unix://" + dockerd.socket(), "CONTAINER_HOST", "unix://" + work.resolve("no-podman.sock"));
    }

    private static ObjectNode withoutProvenance(JsonNode report) {
        ObjectNode c = (ObjectNode) report.deepCopy();
        ObjectNode image = (ObjectNode) c.get("image");
        for (String f : List.of("ref", "source", "repoTags")) image.remove(f);
        return c;
    }

    @Test
    void explicitDaemonSourceGivesTheSameJsonAsTheArchive() throws IOException {
        Run d = jdx(env(), "inspect", "-q", "--json-files", "--json", "-", "docker-daemon:jdx-demo/app:1.0");
        assertThat(d.err()).isEmpty(); // -q: not even the source notice
        assertThat(d.code()).isZero();
        Run a = jdx(env(), "inspect", "-q", "--json-files", "--json", "-", demo.toString());
        assertThat(a.code()).isZero();
        JsonNode dj = JSON.readTree(d.out());
        assertThat(SchemaValidator.errors(dj)).isEmpty();
        assertThat(dj.path("image").path("ref").asText()).isEqualTo("docker-daemon:jdx-demo/app:1.0");
        assertThat(dj.path("image").path("source").asText()).isEqualTo("docker-daemon");
        assertThat(withoutProvenance(dj)).isEqualTo(withoutProvenance(JSON.readTree(a.out())));
    }

    @Test
    void aBareReferenceSaysWhichSourceWasUsed() throws IOException {
        Path report = work.resolve("r.json");
        Run r = jdx(env(), "inspect", "--json", report.toString(), "jdx-demo/app:1.0");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err().lines().filter(l -> l.startsWith("jdx: reading")).toList())
                .containsExactly("jdx: reading jdx-demo/app:1.0 from the docker daemon at unix://" + dockerd.socket());
        assertThat(JSON.readTree(Files.readAllBytes(report)).path("image").path("source").asText()).isEqualTo("docker-daemon");
    }

    @Test
    void errorsAreOneLineWithExitThree() {
        Run missing = jdx(env(), "inspect", "-q", "docker-daemon:no-such:1");
        assertThat(missing.code()).isEqualTo(ExitCode.INPUT);
        assertThat(missing.err()).isEqualTo("jdx: no-such:1: not found in the local docker daemon; use --source registry or docker://no-such:1"
                + System.lineSeparator());

        Path gone = work.resolve("gone.sock");
        Run down = jdx(Map.of("DOCKER_HOST", "unix://" + gone), "inspect", "-q", "docker-daemon:app:1");
        assertThat(down.code()).isEqualTo(ExitCode.INPUT);
        assertThat(down.err()).startsWith("jdx: docker daemon not running: no socket at " + gone).hasLineCount(1);

        Run bare = jdx(env(), "inspect", "-q", "no-such:1");
        assertThat(bare.code()).isEqualTo(ExitCode.INPUT);
        // no daemon has it, so the registry is asked next (docker.io is unreachable from here: still one line)
        assertThat(bare.err()).startsWith("jdx: ").contains("no-such").hasLineCount(1);

        Run registry = jdx(env(), "inspect", "-q", "--source", "registry", "jdx-demo/app:1.0");
        assertThat(registry.code()).isEqualTo(ExitCode.INPUT);
        assertThat(registry.err()).contains("registry").hasLineCount(1);
    }

    @Test
    void sourceOptionForcesOrIsRejected() {
        Run archive = jdx(env(), "inspect", "-q", "--source", "archive", "jdx-demo/app:1.0");
        assertThat(archive.code()).isEqualTo(ExitCode.INPUT);
        assertThat(archive.err()).isEqualTo("jdx: jdx-demo/app:1.0: no such file or directory" + System.lineSeparator());

        Run daemon = jdx(env(), "inspect", "-q", "--source", "daemon", "jdx-demo/app:1.0");
        assertThat(daemon.code()).as(daemon.err()).isZero();

        Run bogus = jdx(env(), "inspect", "-q", "--source", "bogus", "x");
        assertThat(bogus.code()).isEqualTo(ExitCode.USAGE);
        assertThat(bogus.err()).contains("unknown source 'bogus'");
    }
}
