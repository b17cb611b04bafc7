package dev.jdx.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * An in-JVM HTTP server for the faults a real registry does not produce on demand: truncated bodies, wrong bytes,
 * 429 / 500 answers, stalls, redirects. Each path gets a handler; every request is logged.
 */
final class FaultServer implements AutoCloseable {
    /** One request as the server saw it. */
    record Seen(String method, String path, String range, String authorization, String proxyAuthorization) {}

    @FunctionalInterface
    interface Handler {
        void handle(HttpExchange ex, int nth) throws IOException;
    }

    private final HttpServer server;
    private final InetAddress bind;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);

    FaultServer() throws IOException {
        this(null);
    }

    /** A server speaking TLS with {@code tls} when it is not null. */
    FaultServer(SSLContext tls) throws IOException {
        this(tls, InetAddress.getLoopbackAddress());
    }

    /** A server on {@code bind} (a proxy never tunnels to loopback), speaking TLS with {@code tls} when it is not null. */
    FaultServer(SSLContext tls, InetAddress bind) throws IOException {
        this.bind = bind;
        InetSocketAddress address = new InetSocketAddress(bind, 0);
        if (tls == null) {
            server = HttpServer.create(address, 32);
        } else {
            HttpsServer https = HttpsServer.create(address, 32);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = https;
        }
        server.setExecutor(pool);
        server.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            seen.add(new Seen(ex.getRequestMethod(), path, ex.getRequestHeaders().getFirst("Range"),
                    ex.getRequestHeaders().getFirst("Authorization"), ex.getRequestHeaders().getFirst("Proxy-Authorization")));
            int nth = counts.merge(path, 1, Integer::sum);
            Handler h = handlers.get(path);
            if (h == null && path.equals("/v2/")) h = (e, n) -> send(e, 200, "application/json", "{}".getBytes(), Map.of());
            try {
                if (h == null) send(ex, 404, "application/json", "{\"errors\":[{\"code\":\"NOT_FOUND\"}]}".getBytes(), Map.of());
                else h.handle(ex, nth);
            } catch (IOException e) {
                // the fault itself may break the exchange
            } finally {
                ex.close();
            }
        });
        server.start();
    }

    /** A server-side TLS context with the test server certificate (names 127.0.0.1 and localhost). */
    static SSLContext tlsContext(dev.jdx.fixtures.TestCertificates certs, java.nio.file.Path dir) throws java.io.IOException {
        try {
            java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
            try (java.io.InputStream p12 = java.nio.file.Files.newInputStream(certs.serverKeyStore(dir))) {
                ks.load(p12, "changeit".toCharArray());
            }
            javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, "changeit".toCharArray());
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(kmf.getKeyManagers(), null, null);
            return tls;
        } catch (java.security.GeneralSecurityException e) {
            throw new java.io.IOException(e);
        }
    }

    String host() {
        return (bind.isLoopbackAddress() ? "127.0.0.1" : bind.getHostAddress()) + ":" + server.getAddress().getPort();
    }

    FaultServer on(String path, Handler h) {
        handlers.put(path, h);
        return this;
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }

    List<Seen> seen(String path) {
        return seen.stream().filter(s -> s.path().equals(path)).toList();
    }

    static void send(HttpExchange ex, int status, String type, byte[] body, Map<String, String> headers) throws IOException {
        if (type != null) ex.getResponseHeaders().set("Content-Type", type);
        headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        }
    }

    /** Promises {@code total} bytes, sends {@code part} of them, then drops the connection. */
    static void truncated(HttpExchange ex, byte[] body, int part) throws IOException {
        ex.sendResponseHeaders(200, body.length);
        OutputStream o = ex.getResponseBody();
        o.write(body, 0, part);
        o.flush();
        throw new IOException("dropping the connection on purpose");
    }

    /** Sends the headers and some bytes, then stalls until the server closes. */
    void stall(HttpExchange ex, byte[] body, int part) throws IOException {
        ex.sendResponseHeaders(200, body.length);
        OutputStream o = ex.getResponseBody();
        o.write(body, 0, part);
        o.flush();
        stallHere();
    }

    void stallHere() {
        try {
            released.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        pool.shutdownNow();
    }
}
