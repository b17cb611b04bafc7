package dev.jdx.image.source.daemon;

import dev.jdx.image.source.HttpConnections;
import java.io.IOException;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;

/**
 * The Engine API over {@code tcp://}, plain or TLS with the client certificate of the endpoint, over
 * {@link HttpURLConnection}: it reads the socket on the caller's thread, where the JDK {@code HttpClient} hands each
 * buffer over from a selector thread, at several times the CPU per byte of a {@code docker save} (the registry client
 * measured it; see {@code dev.jdx.registry.HttpTransport}).
 */
final class TcpHttp implements EngineTransport {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final Endpoint endpoint;
    private final SSLSocketFactory tls;

    TcpHttp(Endpoint endpoint) throws IOException {
        this.endpoint = endpoint;
        if (endpoint.tls() != null) {
            try {
                tls = Pem.sslContext(endpoint.tls()).getSocketFactory();
            } catch (GeneralSecurityException e) {
                throw new DaemonConfigException("TLS files in " + endpoint.tls().dir() + " for " + endpoint.host() + ": " + e.getMessage());
            }
        } else {
            tls = null;
        }
    }

    private String clientCertificateHint() {
        return "a daemon run with --tlsverify wants a client certificate it accepts (cert.pem and key.pem beside ca.pem in "
                + endpoint.tls().dir() + ")";
    }

    @Override
    public EngineResponse get(String target) throws IOException {
        URI uri = endpoint.tcp().resolve(target);
        HttpURLConnection c = HttpConnections.open(uri, null, CONNECT_TIMEOUT);
        if (c instanceof HttpsURLConnection https && tls != null) https.setSSLSocketFactory(tls);
        // no read timeout: a daemon may think a long time before the first byte of a large docker save
        c.setRequestProperty("User-Agent", "jdx");
        c.setRequestProperty("Accept", "*/*");
        int status;
        try {
            status = c.getResponseCode();
        } catch (ConnectException e) {
            throw new DaemonUnavailableException(endpoint.kind().display() + " daemon not running: connection refused at " + endpoint.host()
                    + " (from " + endpoint.origin() + ")");
        } catch (SocketTimeoutException e) {
            throw new DaemonUnavailableException(endpoint.kind().display() + " daemon not reachable: timed out connecting to " + endpoint.host());
        } catch (SSLException e) {
            throw new DaemonApiException("TLS handshake with " + endpoint.host() + " failed: " + e.getMessage()
                    + (HttpConnections.refusedOurCertificate(e) ? "; " + clientCertificateHint() : ""), e);
        } catch (IOException e) {
            // the daemon may close before its alert is read
            if (tls != null && HttpConnections.droppedUnderRequest(e)) {
                throw new DaemonApiException("TLS handshake with " + endpoint.host() + " failed: the daemon closed the connection; "
                        + clientCertificateHint(), e);
            }
            throw new IOException("talking to " + endpoint.host() + ": " + e.getMessage(), e);
        }
        if (status < 0) throw new DaemonApiException("not an HTTP answer from " + endpoint.host());
        Map<String, String> headers = new HashMap<>();
        c.getHeaderFields().forEach((k, v) -> {
            // the JDK lists the status line under a null name
            if (k != null && v != null) headers.merge(k.toLowerCase(Locale.ROOT), String.join(", ", v), (a, b) -> a + ", " + b);
        });
        return new EngineResponse(status, Map.copyOf(headers), HttpConnections.body(c, status));
    }
}
