package dev.jdx.image.source.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jdx.fixtures.DemoImage;
import dev.jdx.fixtures.RealDockerd;
import dev.jdx.fixtures.DockerTlsCertificates;
import dev.jdx.image.Image;
import dev.jdx.image.source.ImageSelection;
import dev.jdx.image.source.ImageSource;
import dev.jdx.image.source.ImageSources;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code DOCKER_HOST=tcp://...} with {@code DOCKER_TLS_VERIFY} and {@code DOCKER_CERT_PATH} against a real dockerd
 * started with {@code --tlsverify}: the client certificate is presented, the server verified against {@code ca.pem},
 * and client keys in every PEM encoding openssl writes are accepted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsDaemonSourceTest {
    private Path work;
    private RealDockerd dockerd;
    private int port;
    private Path demo;

    @BeforeAll
    void start() throws IOException {
        work = Files.createTempDirectory("jdx-tls-test");
        DockerTlsCertificates.caAndServer(work.resolve("ca"));
        for (DockerTlsCertificates.KeyFormat f : DockerTlsCertificates.KeyFormat.values()) {
            DockerTlsCertificates.client(work.resolve("ca"), work.resolve(f.name()), f);
        }
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        dockerd = RealDockerd.startWithTls(work.resolve("ca"), port);
        demo = work.resolve("demo.tar");
        DemoImage.write(demo);
        dockerd.load(demo);
    }

    @AfterAll
    void stop() throws IOException {
        if (dockerd != null) dockerd.close();
        if (work != null) {
            try (Stream<Path> s = Files.walk(work)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private Endpoint endpoint(Path certs) throws IOException {
        return new EndpointDiscovery(Map.of("DOCKER_HOST", "tcp://127.0.0.1:" + port, "DOCKER_TLS_VERIFY", "1",
                "DOCKER_CERT_PATH", certs.toString()), work, true).docker();
    }

    @ParameterizedTest
    @EnumSource(DockerTlsCertificates.KeyFormat.class)
    void clientKeysInEveryPemEncodingAreRead(DockerTlsCertificates.KeyFormat format) throws Exception {
        PrivateKey key = dev.jdx.image.source.PemKeys.privateKey(Files.readString(work.resolve(format.name()).resolve("key.pem"), StandardCharsets.US_ASCII));
        assertThat(key.getAlgorithm()).isEqualTo(format == DockerTlsCertificates.KeyFormat.SEC1_EC ? "EC" : "RSA");
    }

    @Test
    void anImageReadOverVerifiedTlsEqualsTheArchive() throws IOException {
        Endpoint e = endpoint(work.resolve(DockerTlsCertificates.KeyFormat.PKCS1_RSA.name()));
        assertThat(e.tcp().toString()).isEqualTo("https://127.0.0.1:" + port);
        try (DaemonSource d = DaemonSource.open(e, "jdx-demo/app:1.0"); ImageSource a = ImageSources.open(demo.toString())) {
            assertThat(d).hasToString("the docker daemon at tcp://127.0.0.1:" + port);
            Image img = d.resolve(ImageSelection.defaults());
            assertThat(img.reference()).isEqualTo("docker-daemon:jdx-demo/app:1.0");
            Analyses.assertSameAnalysis(img, a.resolve(ImageSelection.defaults()));
        }
    }

    @Test
    void anEcClientKeyWorksToo() throws IOException {
        try (DaemonSource d = DaemonSource.open(endpoint(work.resolve(DockerTlsCertificates.KeyFormat.SEC1_EC.name())), "jdx-demo/app:1.0")) {
            assertThat(d.resolve(ImageSelection.defaults()).layers()).hasSize(5);
        }
    }

    @Test
    void withoutAClientCertificateTheDaemonRefuses() throws IOException {
        Path onlyCa = Files.createDirectories(work.resolve("only-ca"));
        Files.copy(work.resolve("ca/ca.pem"), onlyCa.resolve("ca.pem"));
        assertThatThrownBy(() -> DaemonSource.open(endpoint(onlyCa), "jdx-demo/app:1.0"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("127.0.0.1:" + port).hasMessageContaining("client certificate")
                .hasMessageContaining(onlyCa.toString());
    }

    @Test
    void aServerNotSignedByTheCaIsRejected() throws IOException {
        Path other = work.resolve("other-ca");
        DockerTlsCertificates.caAndServer(other);
        Path client = Files.createDirectories(work.resolve("trusts-other"));
        Files.copy(other.resolve("ca.pem"), client.resolve("ca.pem"));
        Files.copy(work.resolve("PKCS8_RSA/cert.pem"), client.resolve("cert.pem"));
        Files.copy(work.resolve("PKCS8_RSA/key.pem"), client.resolve("key.pem"));
        assertThatThrownBy(() -> DaemonSource.open(endpoint(client), "jdx-demo/app:1.0"))
                .isInstanceOf(DaemonApiException.class)
                .hasMessageStartingWith("TLS handshake with tcp://127.0.0.1:" + port + " failed");
    }
}
