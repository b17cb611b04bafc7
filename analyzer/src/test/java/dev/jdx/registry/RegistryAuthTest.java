package dev.jdx.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jdx.fixtures.Processes;
import dev.jdx.fixtures.RealRegistry;
import dev.jdx.fixtures.Requirements;
import dev.jdx.fixtures.TestCertificates;
import dev.jdx.fixtures.TestLayout;
import dev.jdx.fixtures.TokenIssuer;
import dev.jdx.image.Image;
import dev.jdx.image.ImageRef;
import dev.jdx.image.Layer;
import dev.jdx.image.source.ImageSelection;
import dev.jdx.registry.auth.Credential;
import dev.jdx.registry.auth.DockerConfigKeychain;
import dev.jdx.registry.auth.Keychain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Authentication and TLS against real registries: htpasswd Basic auth, Bearer tokens from an issuer the registry
 * trusts, and TLS with a self-signed CA. Images are pushed with the real skopeo and compared with the source layout.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryAuthTest {
    private static final String USER = "jdx";
    private static final String PASSWORD = "s3cret-Pa55word";

    private Path work;
    private Path layout;
    private TestLayout.ImageInfo info;
    private RealRegistry basic;
    private RealRegistry bearer;
    private RealRegistry tls;
    private TokenIssuer issuer;
    private TestCertificates certs;

    @BeforeAll
    void start() throws IOException {
        Requirements.tool("docker-registry");
        Requirements.tool("skopeo");
        Requirements.tool("openssl");
        Requirements.tool("htpasswd");
        work = Files.createTempDirectory("jdx-regauth");
        layout = work.resolve("layout");
        TestLayout l = new TestLayout(layout);
        l.tag("app", l.image("linux", "amd64", List.of(TestLayout.tar(Map.of("etc/motd", "hi\n")),
                TestLayout.tar(Map.of("usr/bin/tool", "y".repeat(50_000))))));
        info = TestLayout.describe(layout, "app", "linux", "amd64");

        basic = RealRegistry.builder().htpasswd(USER, PASSWORD).start();
        Processes.skopeo("copy", "--quiet", "--dest-tls-verify=false", "--dest-creds", USER + ":" + PASSWORD,
                "oci:" + layout + ":app", basic.docker("team/app:1"));

        issuer = TokenIssuer.start(work.resolve("issuer")).user(USER, PASSWORD);
        bearer = issuer.registry().start();
        Processes.skopeo("copy", "--quiet", "--dest-tls-verify=false", "--dest-creds", USER + ":" + PASSWORD,
                "oci:" + layout + ":app", bearer.docker("team/app:1"));

        certs = TestCertificates.create(work.resolve("tls"));
        tls = RealRegistry.builder().tls(certs.serverCert(), certs.serverKey()).start();
        Processes.skopeo("copy", "--quiet", "--dest-tls-verify=false", "oci:" + layout + ":app", tls.docker("app:1"));
    }

    @AfterAll
    void stop() throws IOException {
        for (AutoCloseable c : new AutoCloseable[] {basic, bearer, tls, issuer}) {
            try {
                if (c != null) c.close();
            } catch (Exception e) {
                // keep stopping the rest
            }
        }
        TestLayout.deleteTree(work);
    }

    private static RegistrySettings settings(Keychain k) {
        return RegistrySettings.defaults().withKeychain(k).withCacheDir(null).withCertsDirs(List.of())
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(20));
    }

    private Image resolveAndRead(RealRegistry r, String name, RegistrySettings s) throws IOException {
        try (RegistrySource src = new RegistrySource(ImageRef.parse(r.host() + "/" + name), s)) {
            Image image = src.resolve(ImageSelection.defaults());
            assertThat(image.manifestDigest()).hasToString(info.manifestDigest());
            assertThat(image.id()).hasToString(info.configDigest());
            assertThat(image.layers()).extracting(l -> l.descriptor().digest().toString()).containsExactlyElementsOf(info.layerDigests());
            for (Layer l : image.layers()) RegistrySourceTest.assertLayerBytes(l);
            return image;
        }
    }

    @Test
    void basicAuthWithCredentials() throws IOException {
        resolveAndRead(basic, "team/app:1", settings(Keychain.of(basic.host(), Credential.basic(USER, PASSWORD))));
    }

    @Test
    void basicAuthFromDockerConfigJson() throws IOException {
        Path dir = Files.createTempDirectory(work, "dockercfg");
        String auth = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        Files.writeString(dir.resolve("config.json"), "{\"auths\":{\"http://" + basic.host() + "\":{\"auth\":\"" + auth + "\"}}}");
        Keychain k = DockerConfigKeychain.defaults(Map.of("DOCKER_CONFIG", dir.toString()), "/nonexistent");
        resolveAndRead(basic, "team/app:1", settings(k));
    }

    @Test
    void basicAuthWithoutOrWithWrongCredentialsFailsWithoutLeakingThem() throws IOException {
        assertThatThrownBy(() -> resolveAndRead(basic, "team/app:1", settings(Keychain.anonymous())))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining(basic.host() + "/team/app").hasMessageContaining("HTTP 401")
                .hasMessageContaining("none are configured");
        assertThatThrownBy(() -> resolveAndRead(basic, "team/app:1", settings(Keychain.of(basic.host(), Credential.basic(USER, "wrong-pw-xyz")))))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("were rejected").hasMessageNotContaining("wrong-pw-xyz")
                .satisfies(e -> assertThat(((AuthenticationException) e).code()).isEqualTo(ErrorCode.UNAUTHORIZED));
    }

    @Test
    void bearerTokenIsFetchedOnceAndReused() throws IOException {
        int before = issuer.requests();
        resolveAndRead(bearer, "team/app:1", settings(Keychain.of(bearer.host(), Credential.basic(USER, PASSWORD))));
        // manifest, config and two layers, all with one token for repository:team/app:pull
        assertThat(issuer.requests() - before).isEqualTo(1);
    }

    @Test
    void bearerTokenFromAccessTokenFieldAndCredentialHelper() throws IOException {
        issuer.useAccessTokenField();
        Path bin = Files.createTempDirectory(work, "bin");
        Path helper = bin.resolve("docker-credential-jdxtest");
        // a credential helper speaking the real protocol: server URL on stdin, JSON on stdout
        Files.writeString(helper, "#!/bin/sh\nread server\n[ \"$1\" = get ] || exit 1\n[ \"$server\" = \"" + bearer.host()
                + "\" ] || { echo 'credentials not found in native keychain'; exit 1; }\n"
                + "printf '{\"ServerURL\":\"%s\",\"Username\":\"" + USER + "\",\"Secret\":\"" + PASSWORD + "\"}' \"$server\"\n");
        Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path cfg = Files.createTempDirectory(work, "helpercfg").resolve("config.json");
        Files.writeString(cfg, "{\"credHelpers\":{\"" + bearer.host() + "\":\"jdxtest\"}}");
        Keychain k = new DockerConfigKeychain(List.of(cfg), bin.toString());
        assertThat(k.resolve(bearer.host())).contains(Credential.basic(USER, PASSWORD));
        assertThat(k.resolve("other.example:5000")).isEmpty();
        resolveAndRead(bearer, "team/app:1", settings(k));
    }

    @Test
    void bearerWithIdentityTokenUsesTheRefreshTokenGrant() throws IOException {
        issuer.refreshToken("refresh-" + PASSWORD, USER);
        resolveAndRead(bearer, "team/app:1", settings(Keychain.of(bearer.host(), Credential.identityToken("refresh-" + PASSWORD))));
        assertThatThrownBy(() -> resolveAndRead(bearer, "team/app:1", settings(Keychain.of(bearer.host(), Credential.identityToken("stale")))))
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("were rejected").hasMessageNotContaining("stale");
    }

    @Test
    void bearerWithoutOrWithWrongCredentials() {
        assertThatThrownBy(() -> resolveAndRead(bearer, "team/app:1", settings(Keychain.anonymous())))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining(bearer.host() + "/team/app").hasMessageContaining("insufficient_scope");
        assertThatThrownBy(() -> resolveAndRead(bearer, "team/app:1", settings(Keychain.of(bearer.host(), Credential.basic(USER, "nope-123")))))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("getting a pull token from " + issuer.realm()).hasMessageContaining("were rejected")
                .hasMessageNotContaining("nope-123");
    }

    @Test
    void tlsWithSelfSignedCaNeedsTrust() throws IOException {
        assertThatThrownBy(() -> resolveAndRead(tls, "app:1", settings(Keychain.anonymous())))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("TLS").hasMessageContaining("--ca-cert")
                .satisfies(e -> assertThat(((RegistryException) e).code()).isEqualTo(ErrorCode.TRANSPORT));
        resolveAndRead(tls, "app:1", settings(Keychain.anonymous()).withCaCerts(List.of(certs.caCert())));
        Path certsD = Files.createTempDirectory(work, "certs.d");
        Files.createDirectories(certsD.resolve(tls.host()));
        Files.copy(certs.caCert(), certsD.resolve(tls.host()).resolve("ca.crt"));
        resolveAndRead(tls, "app:1", settings(Keychain.anonymous()).withCertsDirs(List.of(certsD)));
        resolveAndRead(tls, "app:1", settings(Keychain.anonymous()).withInsecure(true));
    }

    @Test
    void mutualTlsPresentsTheClientCertificateFromCertsD() throws IOException {
        try (RealRegistry mtls = RealRegistry.builder().tls(certs.serverCert(), certs.serverKey()).clientCa(certs.caCert()).start()) {
            Path pushCerts = work.resolve("push-cert");
            certs.clientCertificate(pushCerts, "client", false);
            Processes.skopeo("copy", "--quiet", "--dest-tls-verify=false", "--dest-cert-dir", pushCerts.toString(),
                    "oci:" + layout + ":app", mtls.docker("app:1"));
            Path certsD = Files.createTempDirectory(work, "mtls-certs.d");
            Path hostDir = Files.createDirectories(certsD.resolve(mtls.host()));
            Files.copy(certs.caCert(), hostDir.resolve("ca.crt"));
            // trusted server, no client certificate: one line that says what the registry wants and where it goes
            assertThatThrownBy(() -> resolveAndRead(mtls, "app:1", settings(Keychain.anonymous()).withCertsDirs(List.of(certsD))))
                    .isInstanceOf(RegistryException.class)
                    .hasMessageContaining("client certificate").hasMessageContaining("certs.d/" + mtls.host());
            // Docker's layout: NAME.cert beside NAME.key; a PKCS#8 key (OpenSSL 3)
            certs.clientCertificate(hostDir, "client", false);
            assertThat(Files.readString(hostDir.resolve("client.key"))).contains("BEGIN PRIVATE KEY");
            resolveAndRead(mtls, "app:1", settings(Keychain.anonymous()).withCertsDirs(List.of(certsD)));
            // a PKCS#1 key (older OpenSSL); --insecure skips the server check but still presents the certificate
            certs.clientCertificate(hostDir, "client", true);
            assertThat(Files.readString(hostDir.resolve("client.key"))).contains("BEGIN RSA PRIVATE KEY");
            resolveAndRead(mtls, "app:1", settings(Keychain.anonymous()).withCertsDirs(List.of(certsD)));
            resolveAndRead(mtls, "app:1", settings(Keychain.anonymous()).withCertsDirs(List.of(certsD)).withInsecure(true));
            // a certificate without its key is a clear error, not an anonymous handshake
            Files.delete(hostDir.resolve("client.key"));
            assertThatThrownBy(() -> resolveAndRead(mtls, "app:1", settings(Keychain.anonymous()).withCertsDirs(List.of(certsD))))
                    .hasMessageContaining("client.cert").hasMessageContaining("no key client.key");
        }
    }
}
