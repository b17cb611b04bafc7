package dev.jdx.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Docker's {@code config.json} and Podman's {@code auth.json}, read from real files, helpers run as real processes. */
class DockerConfigKeychainTest {
    @TempDir
    Path dir;

    private static String auth(String user, String pw) {
        return Base64.getEncoder().encodeToString((user + ":" + pw).getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "key {0} for {1}")
    @CsvSource({
            "https://index.docker.io/v1/, docker.io, true",
            "index.docker.io, docker.io, true",
            "docker.io, docker.io, true",
            "registry-1.docker.io, docker.io, true",
            "https://index.docker.io/v1/, ghcr.io, false",
            "ghcr.io, ghcr.io, true",
            "https://ghcr.io, ghcr.io, true",
            "http://localhost:5000/v2/, localhost:5000, true",
            "localhost:5000, localhost:5001, false",
            "localhost, localhost:5000, false"})
    void keysMatchLikeDocker(String key, String registry, boolean match) {
        assertThat(DockerConfigKeychain.matches(key, registry)).isEqualTo(match);
    }

    @Test
    void authAndIdentityTokenEntries() throws IOException {
        Path cfg = dir.resolve("config.json");
        Files.writeString(cfg, """
                {"auths": {
                  "https://index.docker.io/v1/": {"auth": "%s"},
                  "ghcr.io": {"auth": "%s", "identitytoken": "refresh-abc"},
                  "empty.example": {}
                }}""".formatted(auth("hubuser", "hub:pass"), auth("ghuser", "")));
        DockerConfigKeychain k = new DockerConfigKeychain(List.of(cfg), "");
        assertThat(k.resolve("docker.io")).contains(Credential.basic("hubuser", "hub:pass"));
        assertThat(k.resolve("ghcr.io")).contains(new Credential("ghuser", null, "refresh-abc"));
        assertThat(k.resolve("empty.example")).isEmpty();
        assertThat(k.resolve("quay.io")).isEmpty();
    }

    @Test
    void podmanNamespaceKeysPickTheMostSpecificForTheRepository() throws IOException {
        Path cfg = dir.resolve("auth.json");
        // file order on purpose: the namespace keys come before the registry-wide one and the deeper one last
        Files.writeString(cfg, """
                {"auths": {
                  "localhost:5000/team": {"auth": "%s"},
                  "localhost:5000": {"auth": "%s"},
                  "localhost:5000/team/app": {"auth": "%s"},
                  "quay.io/other": {"auth": "%s"}
                }}""".formatted(auth("team", "1"), auth("registry", "2"), auth("app", "3"), auth("other", "4")));
        DockerConfigKeychain k = new DockerConfigKeychain(List.of(cfg), "");
        assertThat(k.resolve("localhost:5000", "team/app")).map(Credential::username).contains("app");
        assertThat(k.resolve("localhost:5000", "team/app/sub")).map(Credential::username).contains("app");
        assertThat(k.resolve("localhost:5000", "team/web")).map(Credential::username).contains("team");
        assertThat(k.resolve("localhost:5000", "teamx/app")).map(Credential::username).contains("registry");
        assertThat(k.resolve("localhost:5000", "base")).map(Credential::username).contains("registry");
        assertThat(k.resolve("localhost:5000")).map(Credential::username).contains("registry");
        // a namespace key is not a registry-wide one
        assertThat(k.resolve("quay.io", "mine/app")).isEmpty();
        assertThat(k.resolve("quay.io", "other/app")).map(Credential::username).contains("other");
        // through a chain, as the registry client asks
        Keychain chained = Keychain.chain(List.of(Keychain.anonymous(), k));
        assertThat(chained.resolve("localhost:5000", "team/web")).map(Credential::username).contains("team");
    }

    @ParameterizedTest(name = "key {0} for repository {1}: {2}")
    @CsvSource({
            "localhost:5000, team/app, 0",
            "https://index.docker.io/v1/, library/ubuntu, 0",
            "localhost:5000/team, team/app, 4",
            "localhost:5000/team/, team/app, 4",
            "localhost:5000/team/app, team/app, 8",
            "localhost:5000/team, teamx/app, -1",
            "localhost:5000/team/app, team, -1"})
    void namespaceKeySpecificity(String key, String repository, int specificity) {
        assertThat(DockerConfigKeychain.specificity(key, repository)).isEqualTo(specificity);
    }

    @Test
    void podmanFilesComeFirstThenDockerConfig() throws IOException {
        Path authFile = dir.resolve("explicit.json");
        Files.writeString(authFile, "{\"auths\":{\"a.example\":{\"auth\":\"" + auth("from-registry-auth-file", "1") + "\"}}}");
        Path runtime = dir.resolve("run");
        Files.createDirectories(runtime.resolve("containers"));
        Files.writeString(runtime.resolve("containers/auth.json"), "{\"auths\":{\"a.example\":{\"auth\":\"" + auth("from-xdg", "2")
                + "\"},\"b.example\":{\"auth\":\"" + auth("from-xdg", "2") + "\"}}}");
        Path docker = dir.resolve("docker");
        Files.createDirectories(docker);
        Files.writeString(docker.resolve("config.json"), "{\"auths\":{\"c.example\":{\"auth\":\"" + auth("from-docker", "3") + "\"}}}");
        DockerConfigKeychain k = DockerConfigKeychain.defaults(Map.of("REGISTRY_AUTH_FILE", authFile.toString(),
                "XDG_RUNTIME_DIR", runtime.toString(), "DOCKER_CONFIG", docker.toString()), "/nonexistent");
        assertThat(k.resolve("a.example")).map(Credential::username).contains("from-registry-auth-file");
        assertThat(k.resolve("b.example")).map(Credential::username).contains("from-xdg");
        assertThat(k.resolve("c.example")).map(Credential::username).contains("from-docker");
        // without DOCKER_CONFIG, ~/.docker/config.json
        Path home = dir.resolve("home");
        Files.createDirectories(home.resolve(".docker"));
        Files.writeString(home.resolve(".docker/config.json"), "{\"auths\":{\"d.example\":{\"auth\":\"" + auth("from-home", "4") + "\"}}}");
        assertThat(DockerConfigKeychain.defaults(Map.of(), home.toString()).resolve("d.example")).map(Credential::username).contains("from-home");
    }

    private Path helper(String name, String script) throws IOException {
        Path bin = dir.resolve("bin");
        Files.createDirectories(bin);
        Path p = bin.resolve("docker-credential-" + name);
        Files.writeString(p, "#!/bin/sh\n" + script);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    @Test
    void credsStoreHelperAndTokenUsername() throws IOException {
        Path bin = helper("store", """
                read server
                case "$server" in
                  https://index.docker.io/v1/) echo '{"ServerURL":"x","Username":"<token>","Secret":"id-token-1"}' ;;
                  reg.example) echo '{"ServerURL":"reg.example","Username":"u","Secret":"s"}' ;;
                  *) echo 'credentials not found in native keychain'; exit 1 ;;
                esac
                """);
        Path cfg = dir.resolve("config.json");
        Files.writeString(cfg, "{\"credsStore\":\"store\",\"auths\":{\"fallback.example\":{\"auth\":\"" + auth("fb", "p") + "\"}}}");
        DockerConfigKeychain k = new DockerConfigKeychain(List.of(cfg), bin.toString());
        assertThat(k.resolve("docker.io")).contains(Credential.identityToken("id-token-1"));
        assertThat(k.resolve("reg.example")).contains(Credential.basic("u", "s"));
        assertThat(k.resolve("fallback.example")).contains(Credential.basic("fb", "p"));
        assertThat(k.resolve("unknown.example")).isEmpty();
    }

    @Test
    void brokenHelperIsAnErrorNotAnonymous() throws IOException {
        Path bin = helper("broken", "echo 'dbus unavailable' >&2\nexit 3\n");
        Path cfg = dir.resolve("config.json");
        Files.writeString(cfg, "{\"credHelpers\":{\"reg.example\":\"broken\",\"gone.example\":\"missing\"}}");
        DockerConfigKeychain k = new DockerConfigKeychain(List.of(cfg), bin.toString());
        assertThatThrownBy(() -> k.resolve("reg.example")).isInstanceOf(IOException.class)
                .hasMessageContaining("docker-credential-broken").hasMessageContaining("exited with 3").hasMessageContaining("dbus unavailable");
        assertThatThrownBy(() -> k.resolve("gone.example")).hasMessageContaining("docker-credential-missing is not on PATH");
        assertThat(k.resolve("other.example")).isEmpty();
    }
}
