package dev.jdx.image.source.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** HTTP/1.1 response framing, API version negotiation, name encoding and connect-failure messages. */
class EngineProtocolTest {
    private static EngineResponse parse(String raw) throws IOException {
        return UnixSocketHttp.read(new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static String body(EngineResponse r) throws IOException {
        return new String(r.body().readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void chunkedBodiesAreDecodedIncludingExtensionsAndTrailers() throws IOException {
        EngineResponse r = parse("HTTP/1.1 200 OK\r\nContent-Type: application/x-tar\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n1;ext=1\r\n \r\nA\r\n0123456789\r\n0\r\nX-Trailer: y\r\n\r\n");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo("application/x-tar");
        assertThat(body(r)).isEqualTo("hello 0123456789");
    }

    @Test
    void contentLengthBodiesStopAtTheLength() throws IOException {
        EngineResponse r = parse("HTTP/1.1 404 Not Found\r\nContent-Length: 5\r\n\r\nabcdeTRAILING");
        assertThat(r.status()).isEqualTo(404);
        assertThat(body(r)).isEqualTo("abcde");
    }

    @Test
    void aBodyWithoutFramingRunsToTheEndOfTheConnection() throws IOException {
        assertThat(body(parse("HTTP/1.0 200 OK\r\n\r\nall of it"))).isEqualTo("all of it");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "chunk cut short|HTTP/1.1 200 OK\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n10\\r\\nonly-five",
            "no last chunk|HTTP/1.1 200 OK\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n3\\r\\nabc\\r\\n",
            "content-length short|HTTP/1.1 200 OK\\r\\nContent-Length: 100\\r\\n\\r\\nabc",
    })
    void truncatedBodiesFailInsteadOfLookingComplete(String name, String raw) throws IOException {
        EngineResponse r = parse(raw.replace("\\r\\n", "\r\n"));
        assertThatThrownBy(() -> r.body().readAllBytes()).isInstanceOf(EOFException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not http|SSH-2.0-OpenSSH\\r\\n\\r\\n|not an HTTP/1.x response",
            "bad status|HTTP/1.1 abc OK\\r\\n\\r\\n|malformed HTTP status line",
            "bad header|HTTP/1.1 200 OK\\r\\nno colon here\\r\\n\\r\\n|malformed HTTP header line",
            "bad length|HTTP/1.1 200 OK\\r\\nContent-Length: x\\r\\n\\r\\n|malformed Content-Length",
    })
    void malformedResponsesAreRejected(String name, String raw, String message) {
        assertThatThrownBy(() -> parse(raw.replace("\\r\\n", "\r\n"))).isInstanceOf(DaemonApiException.class).hasMessageContaining(message);
    }

    @Test
    void aMalformedChunkSizeIsRejected() throws IOException {
        EngineResponse r = parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n");
        assertThatThrownBy(() -> r.body().readAllBytes()).hasMessageContaining("malformed chunk size line 'zz'");
    }

    @ParameterizedTest(name = "daemon {0} (min {1}) -> {2}")
    @CsvSource({
            "1.41, 1.12, 1.41",
            "1.43, 1.24, 1.43",
            "1.45, 1.24, 1.43",
            "1.24, , 1.24",
            "2.0, , 1.43",
    })
    void negotiationTakesTheLowerMaximum(String max, String min, String expected) throws DaemonApiException {
        ApiVersion v = ApiVersion.negotiate(ApiVersion.parse(max), min == null ? null : ApiVersion.parse(min), "d");
        assertThat(v).hasToString(expected);
    }

    @Test
    void versionsTooOldOrTooNewAreRefused() {
        assertThatThrownBy(() -> ApiVersion.negotiate(ApiVersion.parse("1.23"), null, "docker daemon at x"))
                .hasMessage("docker daemon at x API version too old: it speaks 1.23, jdx needs at least 1.24");
        assertThatThrownBy(() -> ApiVersion.negotiate(ApiVersion.parse("1.50"), ApiVersion.parse("1.44"), "d"))
                .hasMessageContaining("API version too new");
        assertThat(ApiVersion.parse("1.9")).isLessThan(ApiVersion.parse("1.24"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "app:1.0, app:1.0",
            "jdx-demo/app:1.0, jdx-demo/app:1.0",
            "localhost:5000/a/b@sha256:abcd, localhost:5000/a/b@sha256:abcd",
            "a b?c#d%e, a%20b%3Fc%23d%25e",
            "é, %C3%A9",
    })
    void imageNamesAreEncodedForThePath(String name, String encoded) {
        assertThat(EngineClient.encode(name)).isEqualTo(encoded);
    }

    /*
     * Permission denied cannot be produced for real here: the tests run as root, which connect(2) never refuses.
     * So the mapping from the JDK's exceptions (the errno text it carries) to the message is tested directly.
     */
    @Test
    void permissionDeniedSaysHowToFixIt() {
        Path sock = Path.of("/var/run/docker.sock");
        DaemonUnavailableException d = ConnectFailures.map(DaemonKind.DOCKER, sock, new SocketException("Permission denied"));
        assertThat(d).isInstanceOf(DaemonPermissionException.class)
                .hasMessageStartingWith("permission denied on the docker daemon socket /var/run/docker.sock: ")
                .hasMessageContaining("'docker' group").hasMessageContaining("$XDG_RUNTIME_DIR/docker.sock");
        DaemonUnavailableException p = ConnectFailures.map(DaemonKind.PODMAN, Path.of("/run/podman/podman.sock"),
                new AccessDeniedException("/run/podman/podman.sock"));
        assertThat(p).isInstanceOf(DaemonPermissionException.class).hasMessageContaining("$XDG_RUNTIME_DIR/podman/podman.sock");
    }
}
