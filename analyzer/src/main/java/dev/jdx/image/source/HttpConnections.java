package dev.jdx.image.source;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;

/**
 * Opens every {@link HttpURLConnection} jdx makes (registries, a daemon over {@code tcp://}), with the JDK-wide
 * settings they need set before the JDK's HTTP connection class first loads: it reads them once, so whichever
 * source connects first must not decide for the others (a daemon inspect in the warm server, then a registry behind
 * an authenticating proxy).
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

    /** A connection to {@code uri} through {@code proxy}, or through the JDK's default proxy selector when it is null. */
    public static HttpURLConnection open(URI uri, Proxy proxy) throws IOException {
        return (HttpURLConnection) (proxy == null ? uri.toURL().openConnection() : uri.toURL().openConnection(proxy));
    }
}
