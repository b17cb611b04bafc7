package dev.jdx.image.source.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failures to reach a daemon, each a one-line message naming the socket tried. */
class DaemonErrorsTest {
    @TempDir
    Path dir;

    @Test
    void aMissingSocketIsADaemonNotRunning() {
        Path sock = dir.resolve("docker.sock");
        assertThatThrownBy(() -> DaemonSource.open(Endpoint.unix(DaemonKind.DOCKER, sock, "test"), "app:1"))
                .isInstanceOf(DaemonUnavailableException.class)
                .hasMessage("docker daemon not running: no socket at " + sock
                        + " (start dockerd, or point DOCKER_HOST / the docker context at a running daemon)");
    }

    @Test
    void aSocketFileWithNoListenerIsConnectionRefused() throws IOException {
        Path sock = dir.resolve("podman.sock");
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(sock)); // closing leaves the socket file behind, as a crashed daemon does
        }
        assertThat(sock).exists();
        assertThatThrownBy(() -> DaemonSource.open(Endpoint.unix(DaemonKind.PODMAN, sock, "test"), "app:1"))
                .isInstanceOf(DaemonUnavailableException.class)
                .hasMessageStartingWith("podman daemon not running: connection refused on " + sock);
    }

    @Test
    void aRegularFileIsNotASocket() throws IOException {
        Path sock = Files.writeString(dir.resolve("docker.sock"), "not a socket");
        assertThatThrownBy(() -> DaemonSource.open(Endpoint.unix(DaemonKind.DOCKER, sock, "test"), "app:1"))
                .isInstanceOf(DaemonUnavailableException.class)
                .hasMessage("docker daemon not reachable: " + sock + " is not a socket");
    }

    /**
     * Real dockerd and podman only speak APIs jdx accepts, so an old daemon is simulated by a tiny unix-socket server
     * that answers {@code /_ping} and {@code /version} like Docker 1.11 (API 1.23).
     */
    @Test
    void anApiVersionTooOldIsRefused() throws Exception {
        Path sock = dir.resolve("old.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            Thread t = new Thread(() -> serve(server), "old-daemon");
            t.setDaemon(true);
            t.start();
            assertThatThrownBy(() -> DaemonSource.open(Endpoint.unix(DaemonKind.DOCKER, sock, "test"), "app:1"))
                    .isInstanceOf(DaemonApiException.class)
                    .hasMessage("docker daemon at unix://" + sock + " API version too old: it speaks 1.23, jdx needs at least 1.24");
        }
    }

    private static void serve(ServerSocketChannel server) {
        try {
            while (true) {
                try (SocketChannel c = server.accept()) {
                    InputStream in = Channels.newInputStream(c);
                    String line = HttpLines.readLine(in, 8192);
                    while (true) {
                        String h = HttpLines.readLine(in, 8192);
                        if (h == null || h.isEmpty()) break;
                    }
                    String body = line != null && line.startsWith("GET /version ")
                            ? "{\"Version\":\"1.11.2\",\"ApiVersion\":\"1.23\",\"MinAPIVersion\":\"1.12\"}" : "OK";
                    String resp = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nApi-Version: 1.23\r\nContent-Length: "
                            + body.length() + "\r\n\r\n" + body;
                    c.write(ByteBuffer.wrap(resp.getBytes(StandardCharsets.US_ASCII)));
                }
            }
        } catch (IOException e) {
            // server closed: the test is over
        }
    }
}
