package dev.jdx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jdx.fixtures.Processes;
import dev.jdx.fixtures.RealRegistry;
import dev.jdx.fixtures.Requirements;
import dev.jdx.fixtures.TestLayout;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * {@code jdx pull} against a real registry; every written image is read back by the real skopeo ({@code inspect}
 * and a full {@code copy}, which verifies every blob) and compared with what the registry holds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PullCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private RealRegistry registry;
    private RealRegistry basic;
    private Path layout;
    private Path work;

    @BeforeAll
    void start() throws IOException {
        Requirements.tool("docker-registry");
        Requirements.tool("skopeo");
        work = Files.createTempDirectory("jdx-pull");
        layout = work.resolve("layout");
        TestLayout l = new TestLayout(layout);
        var amd = l.image("linux", "amd64", List.of(TestLayout.tar(Map.of("etc/hostname", "amd\n")),
                TestLayout.tar(Map.of("srv/big", "z".repeat(100_000)))));
        var arm = l.image("linux", "arm64", List.of(TestLayout.tar(Map.of("etc/hostname", "arm\n"))));
        l.tag("multi", l.index(List.of(amd, arm)));
        registry = RealRegistry.startPlain();
        skopeoCopy("--all", "oci:" + layout + ":multi", registry.docker("multi:1"));
        skopeoCopy("--all", "--format", "v2s2", "oci:" + layout + ":multi", registry.docker("multi:v2s2"));
        skopeoCopy("docker-archive:" + Requirements.realworld("dive/test-docker-image.tar"), registry.docker("dive:latest"));
        basic = RealRegistry.builder().htpasswd("puller", "pull-pass-42").start();
        skopeoCopy("--dest-creds", "puller:pull-pass-42", "oci:" + layout + ":multi", basic.docker("private/app:2"));
    }

    private static void skopeoCopy(String... args) throws IOException {
        List<String> a = new ArrayList<>(List.of("copy", "--quiet", "--dest-tls-verify=false", "--src-tls-verify=false"));
        a.addAll(List.of(args));
        Processes.skopeo(a.toArray(String[]::new));
    }

    @AfterAll
    void stop() throws IOException {
        if (registry != null) registry.close();
        if (basic != null) basic.close();
        TestLayout.deleteTree(work);
    }

    record Run(int exit, String out, String err) {}

    private static Run pull(String stdin, String... args) {
        PullCommand cmd = new PullCommand();
        if (stdin != null) cmd.registry.stdin = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        CommandLine cl = new CommandLine(cmd);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** What skopeo reads from a registry image or a saved one: config digest and layer digests of its manifest. */
    private static JsonNode rawManifest(String transportRef, String arch) throws IOException {
        return JSON.readTree(Processes.skopeo("--override-arch", arch, "--override-os", "linux", "inspect", "--tls-verify=false", "--raw", transportRef));
    }

    private static JsonNode imageManifest(String dockerRef, String arch) throws IOException {
        JsonNode m = rawManifest(dockerRef, arch);
        if (!m.has("manifests")) return m;
        for (JsonNode d : m.path("manifests")) {
            if (d.path("platform").path("architecture").asText().equals(arch)) {
                return rawManifest(dockerRef.replaceAll(":[^:/]+$", "") + "@" + d.path("digest").asText(), arch);
            }
        }
        throw new AssertionError("no " + arch + " in " + dockerRef);
    }

    private static List<String> digests(JsonNode manifest) {
        List<String> out = new ArrayList<>();
        manifest.path("layers").forEach(l -> out.add(l.path("digest").asText()));
        return out;
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("multi:1", "amd64", "oci"),
                Arguments.of("multi:1", "arm64", "oci-archive"),
                Arguments.of("multi:v2s2", "arm64", "oci"),
                Arguments.of("multi:v2s2", "amd64", "docker-archive"),
                Arguments.of("dive:latest", "amd64", "docker-archive"),
                Arguments.of("dive:latest", "amd64", "oci-archive"));
    }

    @ParameterizedTest(name = "{0} {1} as {2}")
    @MethodSource("cases")
    void pulledImageReadsBackWithSkopeo(String name, String arch, String format, @TempDir Path dir) throws IOException {
        Path out = dir.resolve("image-" + format);
        Run r = pull(null, registry.host() + "/" + name, "--output", out.toString(), "--format", format,
                "--platform", "linux/" + arch, "--cache", dir.resolve("cache").toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("pulled " + registry.host() + "/" + name).contains("linux/" + arch).contains("(" + format + ")");

        JsonNode source = imageManifest(registry.docker(name), arch);
        String tag = name.substring(name.indexOf(':') + 1);
        String saved = switch (format) {
            case "oci" -> "oci:" + out + ":" + tag;
            case "oci-archive" -> "oci-archive:" + out + ":" + tag;
            default -> "docker-archive:" + out;
        };
        JsonNode written = rawManifest(saved, arch);
        assertThat(written.path("config").path("digest").asText()).isEqualTo(source.path("config").path("digest").asText());
        if (format.equals("docker-archive")) {
            // layers are stored uncompressed: their digests are the config's diff_ids
            JsonNode config = JSON.readTree(Processes.skopeo("inspect", "--config", "--raw", saved));
            List<String> diffIds = new ArrayList<>();
            config.path("rootfs").path("diff_ids").forEach(d -> diffIds.add(d.asText()));
            assertThat(digests(written)).isEqualTo(diffIds).hasSameSizeAs(digests(source));
            JsonNode manifestJson = JSON.readTree(Processes.run("tar", "-xOf", out.toString(), "manifest.json"));
            assertThat(manifestJson.path(0).path("RepoTags").path(0).asText()).isEqualTo(registry.host() + "/" + name);
        } else {
            assertThat(digests(written)).isEqualTo(digests(source));
        }
        // a full copy makes skopeo read and verify every blob
        Processes.skopeo("copy", "--quiet", saved, "oci:" + dir.resolve("copy") + ":x");
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("jdx-tmp"));
        }
    }

    @Test
    void ociPullOfAnOciImageKeepsTheManifestDigest(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("oci");
        assertThat(pull(null, "docker://" + registry.host() + "/multi:1", "-o", out.toString(), "--no-cache").exit()).isZero();
        JsonNode index = JSON.readTree(out.resolve("index.json").toFile());
        String expected = TestLayout.describe(layout, "multi", "linux", "amd64").manifestDigest();
        assertThat(index.path("manifests").path(0).path("digest").asText()).isEqualTo(expected);
        assertThat(index.path("manifests").path(0).path("annotations").path("org.opencontainers.image.ref.name").asText()).isEqualTo("1");
    }

    @Test
    void credentialsFromPasswordStdin(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("app.tar");
        Run denied = pull(null, basic.host() + "/private/app:2", "-o", out.toString(), "--no-cache");
        assertThat(denied.exit()).isEqualTo(ExitCode.INPUT);
        assertThat(denied.err()).startsWith("jdx: ").contains(basic.host() + "/private/app").contains("401");
        assertThat(out).doesNotExist();

        Run wrong = pull("not-the-password\n", basic.host() + "/private/app:2", "-o", out.toString(), "--no-cache",
                "--username", "puller", "--password-stdin");
        assertThat(wrong.exit()).isEqualTo(ExitCode.INPUT);
        assertThat(wrong.err()).contains("rejected").doesNotContain("not-the-password");

        Run ok = pull("pull-pass-42\n", basic.host() + "/private/app:2", "-o", out.toString(), "--format", "oci-archive",
                "--no-cache", "--username", "puller", "--password-stdin");
        assertThat(ok.err()).isEmpty();
        assertThat(ok.exit()).isZero();
        assertThat(Processes.skopeo("inspect", "--raw", "oci-archive:" + out + ":2")).contains("config");
    }

    @Test
    void failedPullLeavesNoOutputAndSaysWhy(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("nothing");
        Run r = pull(null, registry.host() + "/multi:nosuch", "-o", out.toString(), "--no-cache");
        assertThat(r.exit()).isEqualTo(ExitCode.INPUT);
        assertThat(r.err().strip()).startsWith("jdx: ").contains("MANIFEST_UNKNOWN").contains("nosuch").doesNotContain("\n");
        Run platform = pull(null, registry.host() + "/multi:1", "-o", out.toString(), "--platform", "linux/ppc64le", "--no-cache");
        assertThat(platform.exit()).isEqualTo(ExitCode.INPUT);
        assertThat(platform.err()).contains("linux/amd64, linux/arm64");
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s).isEmpty();
        }
    }

    @Test
    void usageErrors(@TempDir Path dir) throws IOException {
        // Docker's rule: an upper-case first component is a host, so only a Docker Hub name can be "not lowercase"
        Run upper = pull(null, "library/Alpine", "-o", dir.resolve("x").toString());
        assertThat(upper.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(upper.err()).contains("must be lowercase");
        assertThat(pull(null, "alpine", "-o", dir.resolve("x").toString(), "--format", "zip").exit()).isEqualTo(ExitCode.USAGE);
        assertThat(pull(null, "alpine", "-o", dir.resolve("x").toString(), "--password-stdin").err()).contains("--password-stdin needs --username");
        Files.createDirectory(dir.resolve("exists"));
        Run exists = pull(null, "alpine", "-o", dir.resolve("exists").toString());
        assertThat(exists.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(exists.err()).contains("already exists");
    }
}
