package dev.jdx.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.jdx.fixtures.Requirements;
import dev.jdx.image.ImageConfig.Healthcheck;
import dev.jdx.image.ImageConfig.RuntimeConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RunCommandBuilderTest {

    private static RuntimeConfig config(List<String> ports, List<String> env, List<String> entrypoint, List<String> cmd,
                                        List<String> volumes, String user, String workdir, String stop, Healthcheck hc,
                                        List<String> onBuild) {
        return new RuntimeConfig(user, ports, env, entrypoint, cmd, volumes, workdir, Map.of(), stop, hc, onBuild, null);
    }

    @Test
    void fullConfig() throws Exception {
        var c = config(List.of("8080/tcp", "9090/udp", "7000-7002/tcp"),
                List.of("PATH=/usr/bin", "API_TOKEN=", "DB_PASSWORD=changeme", "EMPTY", "LANG=C.UTF-8"),
                List.of("/entry.sh"), List.of("serve", "--name", "it's \"quoted\"", "$HOME", ""),
                List.of("/var/lib/data"), "1000:1000", "/srv/app", "SIGQUIT",
                new Healthcheck(List.of("CMD-SHELL", "curl -f http://localhost:8080/ || exit 1"), 30_000_000_000L,
                        3_000_000_000L, 0, 3),
                List.of("COPY . /app"));
        RunCommand r = RunCommandBuilder.build("registry.example.com/team/web:1.2", c);
        assertThat(r.argv()).containsExactly("docker", "run", "-p", "8080:8080", "-p", "9090:9090/udp",
                "-p", "7000-7002:7000-7002", "-v", "var-lib-data:/var/lib/data",
                "-e", "API_TOKEN", "-e", "DB_PASSWORD", "-e", "EMPTY", "--user", "1000:1000", "--workdir", "/srv/app",
                "registry.example.com/team/web:1.2", "serve", "--name", "it's \"quoted\"", "$HOME", "");
        assertThat(r.dockerRun()).isEqualTo("docker run -p 8080:8080 -p 9090:9090/udp -p 7000-7002:7000-7002"
                + " -v var-lib-data:/var/lib/data -e API_TOKEN -e DB_PASSWORD -e EMPTY --user 1000:1000 --workdir /srv/app"
                + " registry.example.com/team/web:1.2 serve --name 'it'\\''s \"quoted\"' '$HOME' ''");
        assertThat(r.notes()).anyMatch(n -> n.startsWith("HEALTHCHECK --interval=30s --timeout=3s --retries=3 CMD curl"))
                .anyMatch(n -> n.startsWith("STOPSIGNAL SIGQUIT"))
                .anyMatch(n -> n.startsWith("ONBUILD triggers") && n.contains("COPY . /app"))
                .anyMatch(n -> n.startsWith("ENTRYPOINT [\"/entry.sh\"]"))
                .anyMatch(n -> n.contains("API_TOKEN, DB_PASSWORD, EMPTY"));

        JsonNode y = new ObjectMapper(new YAMLFactory()).readTree(r.compose());
        JsonNode svc = y.path("services").path("web");
        assertThat(svc.path("image").asText()).isEqualTo("registry.example.com/team/web:1.2");
        assertThat(svc.path("ports").toString()).isEqualTo("[\"8080:8080\",\"9090:9090/udp\",\"7000-7002:7000-7002\"]");
        assertThat(svc.path("command").get(2).asText()).isEqualTo("it's \"quoted\"");
        assertThat(svc.path("command").get(4).asText()).isEmpty();
        assertThat(svc.path("user").asText()).isEqualTo("1000:1000");
        assertThat(svc.path("healthcheck").path("interval").asText()).isEqualTo("30s");
        assertThat(svc.path("healthcheck").path("retries").asInt()).isEqualTo(3);
        assertThat(svc.path("stop_signal").asText()).isEqualTo("SIGQUIT");
        assertThat(y.path("volumes").has("var-lib-data")).isTrue();
    }

    @Test
    void minimalConfigHasNoOptions() {
        RunCommand r = RunCommandBuilder.build("sha256:abc", RuntimeConfig.EMPTY);
        assertThat(r.dockerRun()).isEqualTo("docker run sha256:abc");
        assertThat(r.notes()).isEmpty();
        assertThat(r.compose()).contains("app:");
    }

    /** The quoted line, run by a real POSIX shell, must give back exactly the arguments. */
    @ParameterizedTest
    @ValueSource(strings = {"plain", "with space", "it's", "\"dq\"", "$HOME", "`id`", "a\\b", "", "semi;colon", "new\nline",
            "*.txt", "~user", "!bang", "tab\there", "'", "'''", "ünïcödé", "a=b", "--flag=x y", "#hash", "{a,b}"})
    void shellQuotingRoundTrips(String value) throws Exception {
        java.nio.file.Path sh = Requirements.tool("sh");
        List<String> argv = List.of(value, "x" + value, value + value);
        StringBuilder script = new StringBuilder("printf '%s\\0'");
        for (String a : argv) script.append(' ').append(RunCommandBuilder.quote(a));
        Process p = new ProcessBuilder(sh.toString(), "-c", script.toString()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
        List<String> back = new ArrayList<>(List.of(new String(out, StandardCharsets.UTF_8).split("\0", -1)));
        back.remove(back.size() - 1);
        assertThat(back).containsExactlyElementsOf(argv);
    }

    @Test
    void serviceNames() {
        assertThat(RunCommandBuilder.serviceName("docker.io/library/nginx:1.25")).isEqualTo("nginx");
        assertThat(RunCommandBuilder.serviceName("localhost:5000/app@sha256:0123")).isEqualTo("app");
        assertThat(RunCommandBuilder.serviceName("sha256:0123")).isEqualTo("app");
    }

}
