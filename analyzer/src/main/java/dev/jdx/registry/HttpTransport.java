package dev.jdx.registry;

import dev.jdx.image.source.HttpConnections;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Authenticator;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

/**
 * The HTTP/1.1 exchanges of one {@link RegistryClient}, over {@link HttpURLConnection}: one request, its status,
 * headers and body as a blocking stream; no redirects, retries or authentication of its own (the client does those
 * itself, so credentials never follow a redirect), except answering a proxy's challenge with the credentials of
 * the proxy's own URL.
 *
 * <p>Why not {@code java.net.http.HttpClient}, which jdx used first: its receive path hands every socket buffer from
 * its selector thread to the reading thread, and over TLS runs an {@code SSLEngine} on top. Reading the M benchmark
 * image's 8 blobs (190 MB) from a local registry in one warm JVM took it 0.35-0.5 CPU-s (with 256 KiB buffers)
 * against 0.08-0.13 CPU-s here. Measured on whole inspects of M from a local registry (interleaved, medians of 6):
 * over TLS a fresh-JVM full inspect 6.37 -> 5.25 s and a warm-server one 2.21 -> 1.91 s; over plain HTTP
 * {@code --no-index --no-hash} on the warm server 1.33 -> 1.19 s. Registries need nothing of HTTP/2.
 *
 * <p>Connections are kept alive and reused by the JDK (per host, proxy and, for TLS, per {@link SSLSocketFactory},
 * so a connection made under one client's trust settings never serves another client).
 *
 * <p>{@link #close()} must end the downloads still running (a failed layer closes the source while others stream),
 * without waiting for them: a read blocked on a socket ignores {@link Thread#interrupt()}, and
 * {@link HttpURLConnection#disconnect()} waits for the read to return. So the TLS sockets are made here
 * ({@link Sockets}) and closed at once, which fails their reads; a plain-HTTP connection (loopback or
 * {@code --insecure} only) is disconnected in the background, and its read ends by itself at the read timeout.
 * Either way the client then resumes nothing.
 */
final class HttpTransport implements AutoCloseable {
    /** An answer whose body has not been read yet. */
    record Reply(int status, HttpHeaders headers, Body body) {}

    /** Makes the TLS context, on the first https request: a plain-HTTP registry never loads a trust store. */
    @FunctionalInterface
    interface TlsSetup {
        SSLContext create() throws IOException;
    }

    private final TlsSetup tlsSetup;
    private Sockets tls; // guarded by this
    private final ProxySelector proxies;
    private final Duration connectTimeout;
    private final Authenticator proxyCredentials;
    private final Set<HttpURLConnection> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * @param proxies the proxy selector, or null for the JDK's default one
     */
    HttpTransport(TlsSetup tls, ProxySelector proxies, Duration connectTimeout) {
        this.tlsSetup = tls;
        this.proxies = proxies;
        this.connectTimeout = connectTimeout;
        this.proxyCredentials = proxies instanceof EnvProxySelector env ? new ProxyCredentials(env) : null;
    }

    /**
     * Sends one request and waits for the status and headers, at most {@code readTimeout}; the body's reads wait at
     * most as long for their next bytes.
     *
     * @param body the request body (sent with its length), or null for none
     */
    Reply send(String method, URI uri, Map<String, String> headers, byte[] body, Duration readTimeout) throws IOException {
        if (closed) throw new IOException("the registry client is closed");
        HttpURLConnection c = HttpConnections.open(uri, proxies == null ? null : proxyFor(uri), connectTimeout);
        if (c instanceof HttpsURLConnection https) https.setSSLSocketFactory(sockets());
        if (proxyCredentials != null) c.setAuthenticator(proxyCredentials);
        c.setReadTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, readTimeout.toMillis())));
        c.setRequestMethod(method);
        headers.forEach(c::setRequestProperty);
        open.add(c);
        try {
            if (closed) throw new IOException("the registry client is closed");
            if (body != null) {
                c.setDoOutput(true);
                c.setFixedLengthStreamingMode(body.length);
                try (OutputStream out = c.getOutputStream()) {
                    out.write(body);
                }
            }
            int status = c.getResponseCode();
            if (status < 0) throw new IOException("not an HTTP answer from " + uri.getRawAuthority());
            return new Reply(status, headers(c), new Body(c, HttpConnections.body(c, status), readTimeout));
        } catch (SocketTimeoutException e) {
            c.disconnect();
            open.remove(c);
            throw timeout(e, readTimeout);
        } catch (IOException | RuntimeException e) {
            // the JDK throws IllegalArgumentException for some malformed answers; either way the connection is dead
            c.disconnect();
            open.remove(c);
            if (e instanceof IOException io) throw io;
            throw new IOException(RegistryClient.oneLine(e), e);
        }
    }

    private synchronized Sockets sockets() throws IOException {
        if (tls == null) tls = new Sockets(tlsSetup.create().getSocketFactory());
        return tls;
    }

    /** Whether {@link #close()} was called: a stream that failed then must not be resumed. */
    boolean isClosed() {
        return closed;
    }

    /** Closes every connection without waiting for the threads reading them (see the class comment); no request starts after. */
    @Override
    public void close() {
        closed = true;
        Sockets s;
        synchronized (this) {
            s = tls;
        }
        if (s != null) s.closeAll();
        for (HttpURLConnection c : List.copyOf(open)) {
            Thread.ofVirtual().name("jdx-disconnect").start(c::disconnect);
        }
        open.clear();
    }

    private Proxy proxyFor(URI uri) {
        List<Proxy> list = proxies.select(uri);
        return list == null || list.isEmpty() ? Proxy.NO_PROXY : list.getFirst();
    }

    /** A read timeout, saying so: the JDK's own message is only "Read timed out". */
    private static SocketTimeoutException timeout(SocketTimeoutException e, Duration readTimeout) {
        if (!"Read timed out".equals(e.getMessage())) return e;
        SocketTimeoutException t = new SocketTimeoutException("no data for " + readTimeout.toMillis() + " ms (read timeout)");
        t.initCause(e);
        return t;
    }

    /** The answer's headers; the JDK lists the status line under a null name, and names keep the server's case. */
    private static HttpHeaders headers(HttpURLConnection c) {
        Map<String, List<String>> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        c.getHeaderFields().forEach((name, values) -> {
            if (name != null && values != null) byName.computeIfAbsent(name, k -> new ArrayList<>()).addAll(values);
        });
        return HttpHeaders.of(byName, (k, v) -> true);
    }

    /** A response body; closing it gives the connection back for reuse when the body was read to its end. */
    final class Body extends FilterInputStream {
        private final HttpURLConnection connection;
        private final Duration readTimeout;
        private boolean done;

        Body(HttpURLConnection connection, InputStream in, Duration readTimeout) {
            super(in);
            this.connection = connection;
            this.readTimeout = readTimeout;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (SocketTimeoutException e) {
                throw timeout(e, readTimeout);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (SocketTimeoutException e) {
                throw timeout(e, readTimeout);
            }
        }

        /** Reads at most {@code max} bytes of the rest of the body (error bodies), then closes. */
        byte[] readAtMost(int max) {
            try (this) {
                return readNBytes(max);
            } catch (IOException e) {
                return new byte[0];
            }
        }

        @Override
        public void close() {
            if (done) return;
            done = true;
            try {
                // the JDK keeps the connection when the rest of the body is small enough to drain, else closes it
                in.close();
            } catch (IOException e) {
                connection.disconnect();
            }
            open.remove(connection);
        }
    }

    /**
     * The TLS sockets of this transport's connections, kept so that {@link #close()} can close them. The JDK's https
     * connection asks for an unconnected socket first; declining it (the documented way, a {@link SocketException}
     * caused by {@link UnsupportedOperationException}) makes it connect a plain socket itself, directly or through a
     * proxy's tunnel, and layer TLS over it here, so the plain socket is the one kept: closing it fails a blocked
     * read at once.
     */
    private static final class Sockets extends SSLSocketFactory {
        private final SSLSocketFactory tls;
        private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
        private volatile boolean closed;

        Sockets(SSLSocketFactory tls) {
            this.tls = tls;
        }

        private <S extends Socket> S keep(S s, Socket under) throws IOException {
            sockets.removeIf(Socket::isClosed);
            sockets.add(under);
            if (closed) {
                under.close();
                throw new SocketException("the registry client is closed");
            }
            return s;
        }

        private Socket keep(Socket s) throws IOException {
            return keep(s, s);
        }

        void closeAll() {
            closed = true;
            for (Socket s : List.copyOf(sockets)) {
                try {
                    s.close();
                } catch (IOException e) {
                    // closing is all that is asked
                }
            }
            sockets.clear();
        }

        @Override
        public Socket createSocket() throws IOException {
            throw new SocketException("unconnected sockets are not made here", new UnsupportedOperationException());
        }

        @Override
        public Socket createSocket(Socket plain, String host, int port, boolean autoClose) throws IOException {
            return keep(tls.createSocket(plain, host, port, autoClose), plain);
        }

        // the four connected sockets SocketFactory requires; the JDK's https connection asks for the layered one
        // above, and for these only as a last resort
        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return keep(tls.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return keep(tls.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return keep(tls.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            return keep(tls.createSocket(address, port, localAddress, localPort));
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return tls.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return tls.getSupportedCipherSuites();
        }
    }

    /**
     * Answers a proxy's challenge with the user and password of the proxy's URL ({@code HTTPS_PROXY=
     * http://USER:PASSWORD@HOST:PORT}), and nothing else: a registry's challenge is the client's to answer. The JDK
     * sends them again on later connections without a challenge, and does not ask again after the proxy refused
     * them (the request then ends with the proxy's 407; {@code RegistryProxyTest} counts the CONNECTs).
     *
     * <p>For an https registry the proxy's only word is its answer to the CONNECT: once the tunnel stands, the JDK
     * would take a 407 from the registry itself for the proxy's and send it the proxy's password. So a challenge
     * about an https URL is answered only while the JDK is opening the tunnel (its {@code doTunneling} frames are on
     * the stack; should a JDK rename them, the proxy gets no credentials and the user a clear 407, never a leak).
     */
    private static final class ProxyCredentials extends Authenticator {
        private final EnvProxySelector env;

        ProxyCredentials(EnvProxySelector env) {
            this.env = env;
        }

        @Override
        protected PasswordAuthentication getPasswordAuthentication() {
            if (getRequestorType() != RequestorType.PROXY || getRequestingURL() == null) return null;
            URI target;
            try {
                target = getRequestingURL().toURI();
            } catch (URISyntaxException e) {
                return null;
            }
            if ("https".equalsIgnoreCase(target.getScheme()) && !openingTunnel()) return null;
            return env.proxyCredentials(target).orElse(null);
        }

        private static boolean openingTunnel() {
            return StackWalker.getInstance().walk(frames -> frames.anyMatch(f ->
                    f.getClassName().equals("sun.net.www.protocol.http.HttpURLConnection") && f.getMethodName().startsWith("doTunneling")));
        }
    }
}
