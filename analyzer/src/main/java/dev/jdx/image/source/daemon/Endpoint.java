package dev.jdx.image.source.daemon;

import java.net.URI;
import java.nio.file.Path;

/**
 * Where a daemon listens: a unix socket, or a tcp host and port (optionally TLS).
 *
 * @param kind   docker or podman
 * @param host   the endpoint as written ({@code unix:///var/run/docker.sock}, {@code tcp://10.0.0.2:2376})
 * @param socket the socket file for {@code unix://}, else null
 * @param tcp    {@code http://host:port} or {@code https://host:port} for {@code tcp://}, else null
 * @param tls    client TLS material for {@code tcp://} with TLS, else null
 * @param origin how it was found, for messages: {@code DOCKER_HOST}, {@code context 'x'}, {@code default}...
 */
public record Endpoint(DaemonKind kind, String host, Path socket, URI tcp, TlsFiles tls, String origin) {

    /**
     * TLS files of a {@code tcp://} endpoint ({@code DOCKER_CERT_PATH} or a context's tls directory).
     *
     * @param dir    holding {@code ca.pem}, {@code cert.pem}, {@code key.pem} (each optional)
     * @param verify whether the server's certificate is verified against {@code ca.pem}
     */
    public record TlsFiles(Path dir, boolean verify) {}

    public static Endpoint unix(DaemonKind kind, Path socket, String origin) {
        return new Endpoint(kind, "unix://" + socket, socket, null, null, origin);
    }

    public boolean isUnix() {
        return socket != null;
    }

    @Override
    public String toString() {
        return host;
    }
}
