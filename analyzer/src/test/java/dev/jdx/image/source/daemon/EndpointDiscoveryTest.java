package dev.jdx.image.source.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Endpoint discovery against temporary HOME / DOCKER_CONFIG directories and injected environments. */
class EndpointDiscoveryTest {
    @TempDir
    Path home;

    private EndpointDiscovery discovery(Map<String, String> env) {
        return new EndpointDiscovery(env, home, true);
    }

    private Path context(Path configDir, String name, String host, boolean skipVerify) throws IOException {
        Path meta = configDir.resolve("contexts/meta").resolve(EndpointDiscovery.sha256Hex(name));
        Files.createDirectories(meta);
        Files.writeString(meta.resolve("meta.json"), """
                {"Name":"%s","Metadata":{"Description":"test"},"Endpoints":{"docker":{"Host":"%s","SkipTLSVerify":%s}}}
                """.formatted(name, host, skipVerify));
        return meta;
    }

    @Test
    void defaultsToTheDockerSocketWithNoConfiguration() throws IOException {
        Endpoint e = discovery(Map.of()).docker();
        assertThat(e.socket()).isEqualTo(Path.of("/var/run/docker.sock"));
        assertThat(e.host()).isEqualTo("unix:///var/run/docker.sock");
        assertThat(e.kind()).isEqualTo(DaemonKind.DOCKER);
    }

    @Test
    void dockerHostWinsOverTheContext() throws IOException {
        Path cfg = home.resolve(".docker");
        context(cfg, "remote", "unix:///ctx.sock", false);
        Files.writeString(cfg.resolve("config.json"), "{\"currentContext\":\"remote\"}");
        Endpoint e = discovery(Map.of("DOCKER_HOST", "unix:///tmp/x/docker.sock")).docker();
        assertThat(e.socket()).isEqualTo(Path.of("/tmp/x/docker.sock"));
        assertThat(e.origin()).isEqualTo("DOCKER_HOST");
    }

    @Test
    void currentContextOfConfigJsonIsRead() throws IOException {
        Path cfg = home.resolve(".docker");
        context(cfg, "rootless", "unix:///run/user/1000/docker.sock", false);
        Files.writeString(cfg.resolve("config.json"), "{\"auths\":{},\"currentContext\":\"rootless\"}");
        Endpoint e = discovery(Map.of()).docker();
        assertThat(e.socket()).isEqualTo(Path.of("/run/user/1000/docker.sock"));
        assertThat(e.origin()).isEqualTo("docker context 'rootless'");
    }

    @Test
    void dockerContextEnvWinsOverConfigJsonAndDockerConfigMovesTheDirectory() throws IOException {
        Path cfg = home.resolve("elsewhere");
        context(cfg, "a", "unix:///a.sock", false);
        context(cfg, "b", "unix:///b.sock", false);
        Files.writeString(cfg.resolve("config.json"), "{\"currentContext\":\"a\"}");
        Map<String, String> env = Map.of("DOCKER_CONFIG", cfg.toString(), "DOCKER_CONTEXT", "b");
        assertThat(discovery(env).docker().socket()).isEqualTo(Path.of("/b.sock"));
        assertThat(discovery(Map.of("DOCKER_CONFIG", cfg.toString())).docker().socket()).isEqualTo(Path.of("/a.sock"));
    }

    @Test
    void theDefaultContextIsTheDefaultSocket() throws IOException {
        Files.createDirectories(home.resolve(".docker"));
        Files.writeString(home.resolve(".docker/config.json"), "{\"currentContext\":\"default\"}");
        assertThat(discovery(Map.of()).docker().socket()).isEqualTo(Path.of("/var/run/docker.sock"));
    }

    @Test
    void aMissingContextIsAClearError() throws IOException {
        Files.createDirectories(home.resolve(".docker"));
        Files.writeString(home.resolve(".docker/config.json"), "{\"currentContext\":\"gone\"}");
        assertThatThrownBy(() -> discovery(Map.of()).docker())
                .isInstanceOf(DaemonConfigException.class)
                .hasMessageContaining("docker context 'gone'")
                .hasMessageContaining(EndpointDiscovery.sha256Hex("gone"));
    }

    @Test
    void aBrokenConfigJsonIsAClearError() throws IOException {
        Files.createDirectories(home.resolve(".docker"));
        Files.writeString(home.resolve(".docker/config.json"), "{\"currentContext\":");
        assertThatThrownBy(() -> discovery(Map.of()).docker()).isInstanceOf(DaemonConfigException.class)
                .hasMessageContaining("config.json: not valid JSON");
    }

    @Test
    void aContextWithTlsFilesUsesThem() throws IOException {
        Path cfg = home.resolve(".docker");
        context(cfg, "secure", "tcp://10.1.2.3:2376", false);
        Path tls = cfg.resolve("contexts/tls").resolve(EndpointDiscovery.sha256Hex("secure")).resolve("docker");
        Files.createDirectories(tls);
        Endpoint e = discovery(Map.of("DOCKER_CONTEXT", "secure")).docker();
        assertThat(e.tcp()).isEqualTo(URI.create("https://10.1.2.3:2376"));
        assertThat(e.tls()).isEqualTo(new Endpoint.TlsFiles(tls, true));
    }

    @Test
    void tcpWithTlsVerifyUsesTheCertPath() throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("DOCKER_HOST", "tcp://127.0.0.1:2376");
        env.put("DOCKER_TLS_VERIFY", "1");
        env.put("DOCKER_CERT_PATH", "/certs");
        Endpoint e = discovery(env).docker();
        assertThat(e.tcp()).isEqualTo(URI.create("https://127.0.0.1:2376"));
        assertThat(e.tls()).isEqualTo(new Endpoint.TlsFiles(Path.of("/certs"), true));
        env.remove("DOCKER_CERT_PATH");
        assertThat(discovery(env).docker().tls().dir()).isEqualTo(home.resolve(".docker"));
        env.remove("DOCKER_TLS_VERIFY");
        Endpoint plain = discovery(env).docker();
        assertThat(plain.tcp()).isEqualTo(URI.create("http://127.0.0.1:2376"));
        assertThat(plain.tls()).isNull();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "tcp://example.com, http://example.com:2375",
            "tcp://example.com:1234, http://example.com:1234",
            "tcp://[::1], http://[::1]:2375",
            "tcp://[::1]:99, http://[::1]:99",
            "tcp://10.0.0.1:2375/, http://10.0.0.1:2375",
    })
    void tcpHostsGetDefaultPorts(String host, String uri) throws IOException {
        assertThat(EndpointDiscovery.parseHost(DaemonKind.DOCKER, host, "test", null).tcp()).isEqualTo(URI.create(uri));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "ssh://me@host, ssh:// endpoints are not supported",
            "npipe:////./pipe/docker_engine, unsupported endpoint",
            "unix://, names no socket path",
            "tcp://, names no host",
    })
    void unsupportedHostsAreRefusedWithAReason(String host, String message) {
        assertThatThrownBy(() -> EndpointDiscovery.parseHost(DaemonKind.DOCKER, host, "DOCKER_HOST", null))
                .isInstanceOf(DaemonConfigException.class).hasMessageContaining(message).hasMessageStartingWith("DOCKER_HOST: ");
    }

    @Test
    void podmanPrefersContainerHostThenTheRootlessSocketThenTheRootfulOne() throws IOException {
        Path xdg = home.resolve("xdg");
        assertThat(discovery(Map.of("CONTAINER_HOST", "unix:///c.sock", "XDG_RUNTIME_DIR", xdg.toString())).podman().socket())
                .isEqualTo(Path.of("/c.sock"));
        // no rootless socket yet: root uses the rootful path, a user the rootless one
        assertThat(discovery(Map.of("XDG_RUNTIME_DIR", xdg.toString())).podman().socket()).isEqualTo(Path.of("/run/podman/podman.sock"));
        Path rootless = xdg.resolve("podman/podman.sock");
        if (!Files.exists(Path.of("/run/podman/podman.sock"))) {
            assertThat(new EndpointDiscovery(Map.of("XDG_RUNTIME_DIR", xdg.toString()), home, false).podman().socket()).isEqualTo(rootless);
        }
        Files.createDirectories(rootless.getParent());
        Files.createFile(rootless);
        Endpoint e = discovery(Map.of("XDG_RUNTIME_DIR", xdg.toString())).podman();
        assertThat(e.socket()).isEqualTo(rootless);
        assertThat(e.kind()).isEqualTo(DaemonKind.PODMAN);
    }
}
