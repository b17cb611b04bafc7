package dev.jdx.image.source;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.SocketException;
import java.net.URI;
import java.time.Duration;
import javax.net.ssl.SSLException;

/**
 * Opens every {@link HttpURLConnection} jdx makes (registries, a daemon over {@code tcp://}), and reads what the JDK
 * says when one fails. The JDK-wide settings they need are set before the JDK's HTTP connection class first loads:
 * it reads them once, so whichever source connects first must not decide for the others (a daemon inspect in the
 * warm server, then a registry behind an authenticating proxy).
 */
public final class HttpConnections {
    static {
        // The JDK answers a proxy's Basic challenge on the CONNECT of an https tunnel only when this list leaves Basic
        // out (its default is "Basic"): the default guards an Authenticator from answering any proxy's challenge.
        // jdx answers only with the credentials the user put in the proxy's own URL (HTTPS_PROXY), to that proxy, as
        // Docker, Go and curl do (dev.jdx.registry.HttpTransport). A value the user set on the command line wins.
        if (System.getProperty("jdk.http.auth.tunneling.disabledSchemes") == null) {
            System.setProperty("jdk.http.auth.tunneling.disabledSchemes", "");
        }
    }

    private HttpConnections() {
    }

    /**
     * A connection to {@code uri} through {@code proxy} (the JDK's default proxy selector when it is null) that
     * follows no redirect (the caller decides where credentials may go) and caches nothing.
     */
    public static HttpURLConnection open(URI uri, Proxy proxy, Duration connectTimeout) throws IOException {
        HttpURLConnection c = (HttpURLConnection) (proxy == null ? uri.toURL().openConnection() : uri.toURL().openConnection(proxy));
        c.setInstanceFollowRedirects(false);
        c.setUseCaches(false);
        c.setConnectTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, connectTimeout.toMillis())));
        return c;
    }

    /** The body of an answer with {@code status}: the JDK gives an error status's body apart, or none. */
    public static InputStream body(HttpURLConnection c, int status) throws IOException {
        InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
        return in == null ? InputStream.nullInputStream() : in;
    }

    /**
     * Whether the server dropped the connection under the request: a reset, or the JDK's "Error writing to server",
     * all it says when sending the request failed twice (it writes through a PrintStream, which drops the cause). A
     * TLS 1.3 server that wants a client certificate does that: it checks the certificate after the client's
     * handshake is done and closes.
     */
    public static boolean droppedUnderRequest(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            String m = String.valueOf(c.getMessage());
            if (c instanceof SocketException && m.contains("Connection reset")) return true;
            if (c.getClass() == IOException.class && m.equals("Error writing to server")) return true;
        }
        return false;
    }

    /**
     * Whether {@code e} is an alert the server sent about a certificate, which concerns ours: it wants one, or does
     * not accept the one sent (when jdx distrusts the server's certificate, the JDK fails locally without an alert).
     */
    public static boolean refusedOurCertificate(Throwable e) {
        String m = String.valueOf(e.getMessage());
        return e instanceof SSLException && m.contains("Received fatal alert")
                && (m.contains("certificate_required") || m.contains("bad_certificate") || m.contains("unknown_ca"));
    }
}
