package dev.jdx.image.source.daemon;

import dev.jdx.image.source.HttpClients;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/** The Engine API over {@code tcp://} with java.net.http, plain or TLS with the client certificate of the endpoint. */
final class TcpHttp implements EngineTransport {
    private final Endpoint endpoint;
    private final HttpClient client;

    TcpHttp(Endpoint endpoint) throws IOException {
        this.endpoint = endpoint;
        HttpClient.Builder b = HttpClients.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10));
        if (endpoint.tls() != null) {
            try {
                SSLContext ctx = Pem.sslContext(endpoint.tls());
                b.sslContext(ctx);
            } catch (GeneralSecurityException e) {
                throw new DaemonConfigException("TLS files in " + endpoint.tls().dir() + " for " + endpoint.host() + ": " + e.getMessage());
            }
        }
        this.client = b.build();
    }

    @Override
    public EngineResponse get(String target) throws IOException {
        URI uri = endpoint.tcp().resolve(target);
        HttpRequest req = HttpRequest.newBuilder(uri).GET().header("User-Agent", "jdx").build();
        HttpResponse<InputStream> resp;
        try {
            resp = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException e) {
            throw new DaemonUnavailableException(endpoint.kind().display() + " daemon not running: connection refused at " + endpoint.host()
                    + " (from " + endpoint.origin() + ")");
        } catch (HttpTimeoutException e) {
            throw new DaemonUnavailableException(endpoint.kind().display() + " daemon not reachable: timed out connecting to " + endpoint.host());
        } catch (SSLException e) {
            throw new DaemonApiException("TLS handshake with " + endpoint.host() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while talking to " + endpoint.host());
        }
        Map<String, String> headers = new HashMap<>();
        resp.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(", ", v)));
        return new EngineResponse(resp.statusCode(), Map.copyOf(headers), resp.body());
    }
}
