package dev.jdx.image.source;

import java.net.http.HttpClient;

/**
 * Builders for the JDK HTTP clients that stream image bytes (a daemon's {@code docker save} over TCP), with the
 * JDK-wide settings they need set before the JDK client first loads.
 */
public final class HttpClients {
    static {
        // The JDK client hands a response body to its reader one socket buffer at a time, each a wake-up of the
        // reading thread; at the default 16 KiB a 190 MB image is 12,000 hand-offs. 256 KiB made the scan of the M
        // benchmark image from a local registry 1.6-1.9 s -> 1.3-1.4 s. The JDK reads the property once, when its
        // client first loads, so it is set before any client is built; a value the user set on the command line wins.
        // (The figures are from when registry blobs came through this client too; see dev.jdx.registry.HttpTransport.)
        if (System.getProperty("jdk.httpclient.bufsize") == null) {
            System.setProperty("jdk.httpclient.bufsize", Integer.toString(256 * 1024));
        }
    }

    private HttpClients() {
    }

    /** {@link HttpClient#newBuilder()}, with the settings above in force. */
    public static HttpClient.Builder newBuilder() {
        return HttpClient.newBuilder();
    }
}
