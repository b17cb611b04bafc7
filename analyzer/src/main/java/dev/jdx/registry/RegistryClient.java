package dev.jdx.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jdx.image.Descriptor;
import dev.jdx.image.Digest;
import dev.jdx.image.ImageRef;
import dev.jdx.image.MediaType;
import dev.jdx.image.SingleByteRead;
import dev.jdx.image.Verification;
import dev.jdx.image.VerifyingInputStream;
import dev.jdx.image.source.HttpConnections;
import dev.jdx.registry.auth.Challenge;
import dev.jdx.registry.auth.Credential;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * A client of one registry's HTTP API v2: fetches manifests (verified against their digests) and opens blobs as
 * verified, resumable streams. Handles the auth handshake (Basic, Bearer tokens cached per scope until they
 * expire), redirects (credentials never follow to another host), retries of 429 / 5xx honouring
 * {@code Retry-After}, and connect / read timeouts. Thread-safe: several blobs may stream at once.
 */
public final class RegistryClient implements AutoCloseable {
    /** Every manifest type jdx reads; without them registries fall back to schema 1 or hide OCI manifests. */
    public static final String MANIFEST_ACCEPT = String.join(", ", MediaType.OCI_MANIFEST, MediaType.OCI_INDEX,
            MediaType.DOCKER_MANIFEST, MediaType.DOCKER_MANIFEST_LIST);
    private static final int MAX_MANIFEST_BYTES = 4 << 20;
    private static final int MAX_TOKEN_BYTES = 1 << 20;
    private static final int MAX_RESUMES = 3;
    private static final int MAX_REDIRECTS = 5;
    private static final Duration TOKEN_MARGIN = Duration.ofSeconds(5);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String registry;
    private final String apiHost;
    private final RegistrySettings settings;
    private final HttpTransport http;
    private final boolean loopback;
    private final boolean httpAllowed;
    private final AtomicLong requests = new AtomicLong();
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final Object schemeLock = new Object();
    private volatile String scheme;
    private volatile Challenge challenge;
    /** Per repository: a keychain may hold credentials per namespace (Podman's auth.json). */
    private final java.util.concurrent.ConcurrentHashMap<String, Optional<Credential>> credentials = new java.util.concurrent.ConcurrentHashMap<>();

    private record Token(String value, Instant expires) {}

    /** An HTTP answer whose body has not been read yet. */
    record Response(int status, HttpHeaders headers, HttpTransport.Body body, URI uri) {}

    /**
     * @param registry the registry as references name it ({@code docker.io}, {@code localhost:5000})
     */
    public RegistryClient(String registry, RegistrySettings settings) throws IOException {
        this.registry = registry;
        this.apiHost = registry.equals(ImageRef.DOCKER_HUB) ? ImageRef.DOCKER_HUB_API : registry;
        this.settings = settings;
        this.loopback = new ImageRef(registry, "x", "x", null).isLoopback();
        this.httpAllowed = settings.insecure() || loopback;
        this.http = new HttpTransport(() -> {
            try {
                return TlsContexts.create(apiHost, settings);
            } catch (RegistryException e) {
                throw e;
            } catch (IOException e) {
                // a setting, not the network: not worth a retry
                throw new RegistryException(ErrorCode.TRANSPORT, 0, e.getMessage(), e);
            }
        }, settings.proxySelector(), settings.connectTimeout());
    }

    /** The registry as references name it. */
    public String registry() {
        return registry;
    }

    /** HTTP requests sent so far (tests use it to prove the cache works). */
    public long requestCount() {
        return requests.get();
    }

    /** Fetches a manifest or index by tag or digest; verifies it against {@code Docker-Content-Digest} and a digest reference. */
    public RawManifest manifest(String repository, String reference, Verification verification) throws IOException {
        String what = "fetching manifest " + reference + " of " + registry + "/" + repository;
        Response r = send(what, repository, "/v2/" + repository + "/manifests/" + reference,
                Map.of("Accept", MANIFEST_ACCEPT), ErrorCode.MANIFEST_UNKNOWN);
        byte[] bytes;
        try (InputStream in = r.body()) {
            bytes = in.readNBytes(MAX_MANIFEST_BYTES + 1);
        } catch (IOException e) {
            throw transportError(what, e);
        }
        if (bytes.length > MAX_MANIFEST_BYTES) {
            throw new RegistryException(ErrorCode.MANIFEST_INVALID, r.status(), what + ": manifest larger than " + MAX_MANIFEST_BYTES + " bytes");
        }
        String contentType = r.headers().firstValue("Content-Type").map(RegistryClient::bareType).orElse(null);
        String mediaType = mediaTypeOf(bytes, contentType);
        if (MediaType.isSchema1(mediaType) || MediaType.isSchema1(contentType)) {
            throw new RegistryException(ErrorCode.SCHEMA1, r.status(), what + ": it is a Docker schema 1 manifest ("
                    + (contentType == null ? mediaType : contentType) + "), which jdx does not read; re-push the image with a current Docker, Podman or skopeo");
        }
        Digest expected = Digest.isDigest(reference) ? Digest.parse(reference) : null;
        String algorithm = expected != null ? expected.algorithm() : "sha256";
        Optional<String> header = r.headers().firstValue("Docker-Content-Digest");
        Digest headerDigest = null;
        if (header.isPresent() && Digest.isDigest(header.get().trim())) {
            headerDigest = Digest.parse(header.get().trim());
            if (expected == null) algorithm = headerDigest.algorithm();
        }
        Digest actual = new Digest(algorithm, java.util.HexFormat.of().formatHex(
                (expected != null ? expected : headerDigest != null ? headerDigest : Digest.sha256(new byte[0]))
                        .newMessageDigest().digest(bytes)));
        verification.check(what, expected, actual);
        if (headerDigest != null && headerDigest.algorithm().equals(actual.algorithm())) {
            verification.check(what + " (Docker-Content-Digest header)", headerDigest, actual);
        }
        return new RawManifest(bytes, mediaType, actual);
    }

    /**
     * Opens a blob as a stream that resumes with {@code Range} after a dropped connection and verifies size and
     * digest at its end. The first request is made here, so a missing blob fails now, not at the first read.
     */
    public InputStream openBlob(String repository, Descriptor descriptor, Verification verification, String what) throws IOException {
        return new VerifyingInputStream(openBlobUnverified(repository, descriptor, what), what,
                descriptor.digest(), descriptor.size(), verification);
    }

    /** The raw resumable stream, for callers that verify it themselves. */
    InputStream openBlobUnverified(String repository, Descriptor descriptor, String what) throws IOException {
        return new BlobStream(repository, descriptor, what);
    }

    /** Reads a small blob (a config) fully, verified. */
    public byte[] readBlob(String repository, Descriptor descriptor, Verification verification, String what, int max) throws IOException {
        if (descriptor.size() > max) {
            throw new RegistryException(ErrorCode.UNSUPPORTED, 0, what + ": blob of " + descriptor.size() + " bytes is larger than the " + max + " allowed");
        }
        try (InputStream in = openBlob(repository, descriptor, verification, what)) {
            return in.readAllBytes();
        }
    }

    @Override
    public void close() {
        http.close();
    }

    // ---------------------------------------------------------------- transport

    /** Sends a GET and returns a 200 / 206 answer; everything else becomes a {@link RegistryException}. */
    Response send(String what, String repository, String path, Map<String, String> headers, ErrorCode notFound) throws IOException {
        Response r = exchange(what, repository, URI.create(scheme(what) + "://" + apiHost + path), headers);
        if (r.status() == 200 || r.status() == 206) return r;
        throw error(r, what, repository, notFound);
    }

    private Response exchange(String what, String repository, URI uri, Map<String, String> headers) throws IOException {
        String scope = "repository:" + repository + ":pull";
        boolean authRetried = false;
        int attempt = 1;
        int redirects = 0;
        URI target = uri;
        while (true) {
            boolean sameHost = isRegistryHost(target);
            String authorization = sameHost ? authorization(scope, what) : null;
            Map<String, String> all = new LinkedHashMap<>(headers);
            if (authorization != null) all.put("Authorization", authorization);
            HttpTransport.Reply raw;
            try {
                checkProxy(target);
                requests.incrementAndGet();
                raw = http.send("GET", target, all, null, settings.readTimeout());
            } catch (RegistryException e) {
                throw e;
            } catch (IOException e) {
                if (retryable(e) && attempt < settings.maxAttempts()) {
                    sleep(backoff(attempt++), what);
                    continue;
                }
                throw transportError(what, e);
            }
            int status = raw.status();
            HttpTransport.Body body = raw.body();
            if (status == 407) {
                body.close();
                throw proxyRefused(what, target);
            }
            if (status == 401 && sameHost && !authRetried) {
                body.close();
                learnChallenge(raw.headers(), scope, what);
                authRetried = true;
                continue;
            }
            if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
                body.close();
                Optional<String> location = raw.headers().firstValue("Location");
                if (location.isEmpty() || ++redirects > MAX_REDIRECTS) {
                    throw new RegistryException(ErrorCode.UNKNOWN, status, what + ": " + (location.isEmpty()
                            ? "redirect without a Location" : "more than " + MAX_REDIRECTS + " redirects"));
                }
                target = target.resolve(location.get());
                continue;
            }
            if ((status == 429 || status >= 500) && attempt < settings.maxAttempts()) {
                body.close();
                Duration wait = retryAfter(raw.headers()).orElse(backoff(attempt));
                if (wait.compareTo(settings.maxRetryWait()) > 0) wait = settings.maxRetryWait();
                attempt++;
                sleep(wait, what);
                continue;
            }
            return new Response(status, raw.headers(), body, target);
        }
    }

    /** https unless plain HTTP is allowed (loopback or --insecure) and the registry does not speak TLS. */
    private String scheme(String what) throws IOException {
        String s = scheme;
        if (s != null) return s;
        synchronized (schemeLock) {
            if (scheme != null) return scheme;
            if (settings.plainHttp()) return scheme = "http";
            if (!httpAllowed) return scheme = "https";
            if (loopback) return scheme = loopbackScheme(what);
            IOException tlsFailure;
            try {
                probe("https");
                return scheme = "https";
            } catch (SSLException | SocketTimeoutException e) {
                // a plain-HTTP server may answer a TLS hello with garbage, or not at all
                tlsFailure = e;
            } catch (IOException e) {
                // or reset it; so may a TLS server that wants a client certificate, which then answers the plain
                // attempt with 400, and the reset is what gets reported
                if (!HttpConnections.droppedUnderRequest(e)) throw transportError(what, e);
                tlsFailure = e;
            }
            int status;
            try {
                status = probe("http");
            } catch (IOException e) {
                throw transportError(what, tlsFailure);
            }
            // a TLS server answers plain HTTP with 400: the TLS failure is the real problem
            if (status == 400) throw transportError(what, tlsFailure);
            return scheme = "http";
        }
    }

    /**
     * A registry on this machine (localhost:5000 in a CI job) usually speaks plain HTTP, so it is asked in plain HTTP
     * first: a TLS hello costs a fresh JVM a quarter of a second (its key shares, and the classes behind them). A TLS
     * server answers plain HTTP with 400 or closes the connection; then TLS is what it speaks, and its failure, if it
     * fails, is the one reported.
     */
    private String loopbackScheme(String what) throws IOException {
        try {
            if (probe("http") != 400) return "http";
        } catch (IOException e) {
            if (!HttpConnections.droppedUnderRequest(e) && !(e instanceof SocketTimeoutException) && !String.valueOf(e.getMessage()).contains("end of file")) {
                throw transportError(what, e);
            }
        }
        try {
            probe("https");
            return "https";
        } catch (IOException e) {
            throw transportError(what, e);
        }
    }

    private int probe(String s) throws IOException {
        // A plain-HTTP server may never answer a TLS hello (Go's reads it as a request line that has no end), and a
        // TLS server may wait for more of a plain request, so a probe that may meet the other protocol gets a short
        // deadline of its own.
        Duration timeout = httpAllowed && (s.equals("https") || loopback) && settings.readTimeout().compareTo(PROBE_TIMEOUT) > 0
                ? PROBE_TIMEOUT : settings.readTimeout();
        URI uri = URI.create(s + "://" + apiHost + "/v2/");
        checkProxy(uri);
        requests.incrementAndGet();
        HttpTransport.Reply r = http.send("GET", uri, Map.of(), null, timeout);
        r.body().readAtMost(64 * 1024);
        return r.status();
    }

    /**
     * Refuses a request that would go through a proxy whose URL jdx cannot read, instead of going direct. The proxy's
     * own credentials are the transport's to send (see {@link HttpTransport}), only ever to that proxy.
     */
    private void checkProxy(URI target) throws RegistryException {
        if (settings.proxySelector() instanceof EnvProxySelector env) {
            Optional<String> unreadable = env.unreadableProxy(target);
            if (unreadable.isPresent()) {
                throw new RegistryException(ErrorCode.TRANSPORT, 0, "connecting to " + target.getRawAuthority() + ": " + unreadable.get());
            }
        }
    }

    /** A proxy answered 407: it wants credentials, or refused the ones in the proxy URL. Never names them. */
    private AuthenticationException proxyRefused(String what, URI target) {
        boolean sent = settings.proxySelector() instanceof EnvProxySelector env && env.proxyCredentials(target).isPresent();
        String variable = "https".equals(target.getScheme()) ? "HTTPS_PROXY" : "HTTP_PROXY";
        String name = proxyName(target);
        return new AuthenticationException(ErrorCode.UNAUTHORIZED, 407, what + ": " + (sent
                ? name + " rejected the credentials in " + variable
                : name + " requires authentication (HTTP 407): put the user and password in " + variable
                        + " as http://USER:PASSWORD@HOST:PORT"));
    }

    /** "the proxy HOST:PORT" a request to {@code target} goes through, for messages (never its credentials). */
    private String proxyName(URI target) {
        String proxy = settings.proxySelector() instanceof EnvProxySelector env ? env.describeProxy(target) : null;
        return "the proxy" + (proxy == null ? "" : " " + proxy);
    }

    private boolean isRegistryHost(URI uri) {
        String authority = uri.getRawAuthority();
        if (authority == null) return false;
        if (authority.equalsIgnoreCase(apiHost)) return true;
        int defaultPort = "https".equals(uri.getScheme()) ? 443 : 80;
        return uri.getPort() == defaultPort && uri.getHost().equalsIgnoreCase(apiHost);
    }

    /** A test hook: one GET of {@code path} on the registry, body discarded. */
    void exchangeForTest(String path) throws IOException {
        exchange("probing", "x", URI.create(scheme("probing") + "://" + apiHost + path), Map.of()).body().close();
    }

    /**
     * Dropped connections and timeouts are worth another try; refused connections, unknown hosts, TLS failures and a
     * proxy's refusal to open a tunnel are not.
     */
    private static boolean retryable(IOException e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof ConnectException || c instanceof SSLException || c instanceof UnknownHostException) return false;
            if (TUNNEL_FAILED.matcher(String.valueOf(c.getMessage())).find()) return false;
        }
        return true;
    }

    private static Duration backoff(int attempt) {
        return Duration.ofMillis(Math.min(8000, 200L << Math.min(attempt - 1, 6)));
    }

    /** {@code Retry-After} as seconds or an HTTP date. */
    static Optional<Duration> retryAfter(HttpHeaders headers) {
        Optional<String> v = headers.firstValue("Retry-After");
        if (v.isEmpty()) return Optional.empty();
        String s = v.get().trim();
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(s))));
        } catch (NumberFormatException e) {
            try {
                Duration d = Duration.between(Instant.now(), ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException e2) {
                return Optional.empty();
            }
        }
    }

    private static void sleep(Duration d, String what) throws IOException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(what + ": interrupted");
        }
    }

    /** The JDK's only word on a proxy that refused to open a tunnel: {@code Unable to tunnel through proxy. Proxy returns "HTTP/1.1 407 ..."}. */
    private static final Pattern TUNNEL_FAILED = Pattern.compile("Unable to tunnel through proxy\\. Proxy returns \"HTTP/\\d(?:\\.\\d)? (\\d{3})");

    private RegistryException transportError(String what, IOException e) {
        if (e instanceof RegistryException re) return re;
        Throwable root = e;
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof SSLException || c instanceof ConnectException || c instanceof UnknownHostException) root = c;
        }
        // a proxy that refused to open an https tunnel
        for (Throwable c = e; c != null; c = c.getCause()) {
            Matcher t = TUNNEL_FAILED.matcher(String.valueOf(c.getMessage()));
            if (!t.find()) continue;
            URI target = URI.create("https://" + apiHost + "/v2/");
            int code = Integer.parseInt(t.group(1));
            if (code == 401 || code == 407) return proxyRefused(what, target);
            return new RegistryException(ErrorCode.TRANSPORT, code, what + ": " + proxyName(target) + " refused a tunnel to "
                    + apiHost + " with HTTP " + code, e);
        }
        if (e instanceof SocketTimeoutException) {
            return new RegistryException(ErrorCode.TIMEOUT, 0, what + ": " + oneLine(e), e);
        }
        // an alert the server sent about a certificate concerns ours: it wants one, or does not accept the one sent
        // (when jdx distrusts the server's certificate, the JDK fails locally without receiving an alert)
        if (HttpConnections.refusedOurCertificate(root)) {
            return new RegistryException(ErrorCode.TRANSPORT, 0, what + ": TLS failed with " + apiHost + ": "
                    + oneLine(root) + ": the registry wants a client certificate it accepts (client.cert and client.key in certs.d/"
                    + apiHost + "/)", e);
        }
        // TLS 1.3: the client's handshake ends before the server has checked its certificate, so a server that wants
        // one may close while the request is on its way, and the JDK then reads a reset instead of the alert
        if (!"http".equals(scheme) && HttpConnections.droppedUnderRequest(e)) {
            return new RegistryException(ErrorCode.TRANSPORT, 0, what + ": " + apiHost + " reset or closed the TLS connection ("
                    + oneLine(e) + "); a registry that wants a client certificate does so when it gets"
                    + " none it accepts (client.cert and client.key in certs.d/" + apiHost + "/)", e);
        }
        if (root instanceof SSLHandshakeException || root instanceof SSLException) {
            return new RegistryException(ErrorCode.TRANSPORT, 0, what + ": TLS failed with " + apiHost + ": "
                    + oneLine(root) + " (trust its CA with --ca-cert or certs.d/" + apiHost + "/ca.crt, or use --insecure)", e);
        }
        if (root instanceof UnknownHostException) {
            return new RegistryException(ErrorCode.TRANSPORT, 0, what + ": cannot connect to " + apiHost + ": unknown host "
                    + oneLine(root), e);
        }
        if (root instanceof ConnectException) {
            return new RegistryException(ErrorCode.TRANSPORT, 0, what + ": cannot connect to " + apiHost + ": "
                    + oneLine(root), e);
        }
        return new RegistryException(ErrorCode.TRANSPORT, 0, what + ": " + oneLine(e), e);
    }

    /** Turns a non-success answer into the matching exception, with the registry's own error code and message. */
    private RegistryException error(Response r, String what, String repository, ErrorCode notFound) {
        byte[] body = r.body().readAtMost(64 * 1024);
        ErrorCode code = null;
        String message = null;
        try {
            JsonNode root = JSON.readTree(body);
            JsonNode first = root == null ? null : root.path("errors").path(0);
            if (first != null && first.isObject()) {
                code = ErrorCode.fromRegistry(first.path("code").asText(null));
                message = first.path("message").asText(null);
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: the status alone speaks
        }
        int status = r.status();
        if (code == null || code == ErrorCode.UNKNOWN) {
            code = switch (status) {
                case 401 -> ErrorCode.UNAUTHORIZED;
                case 403 -> ErrorCode.DENIED;
                case 404 -> notFound;
                case 429 -> ErrorCode.TOOMANYREQUESTS;
                default -> status >= 500 ? ErrorCode.SERVER_ERROR : ErrorCode.UNKNOWN;
            };
        }
        String detail = what + ": " + code + (message == null || message.isBlank() ? "" : " (" + message + ")") + ", HTTP " + status;
        if (status == 401 || status == 403) {
            Challenge c = challenge(r.headers());
            boolean haveCredential = credentialQuietly(repository).isPresent();
            String hint;
            if (c != null && "insufficient_scope".equals(c.error())) hint = "not allowed to pull this repository (insufficient_scope)";
            else if (status == 403) hint = "access denied";
            else hint = haveCredential ? "the credentials for " + registry + " were rejected"
                    : "the registry needs credentials and none are configured for " + registry + " (use --username and --password-stdin, or docker login)";
            return new AuthenticationException(code, status, detail + ": " + hint);
        }
        if (status == 429) return new RegistryException(code, status, detail + ": too many requests, still after " + settings.maxAttempts() + " attempts");
        if (status >= 500) return new RegistryException(code, status, detail + " after " + settings.maxAttempts() + " attempts");
        return new RegistryException(code, status, detail);
    }

    // ---------------------------------------------------------------- auth

    private Optional<Credential> credential(String repository) throws IOException {
        Optional<Credential> c = credentials.get(repository);
        if (c == null) {
            c = settings.keychain().resolve(registry, repository);
            credentials.put(repository, c);
        }
        return c;
    }

    private Optional<Credential> credentialQuietly(String repository) {
        try {
            return credential(repository);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The repository of a {@code repository:NAME:pull} scope. */
    private static String repositoryOf(String scope) {
        return scope.substring("repository:".length(), scope.lastIndexOf(':'));
    }

    private static Challenge challenge(HttpHeaders headers) {
        Challenge basic = null;
        for (String h : headers.allValues("WWW-Authenticate")) {
            for (Challenge c : Challenge.parseAll(h)) {
                if (c.isBearer()) return c;
                if (c.isBasic() && basic == null) basic = c;
            }
        }
        return basic;
    }

    private void learnChallenge(HttpHeaders headers, String scope, String what) throws IOException {
        Challenge c = challenge(headers);
        if (c == null) {
            throw new AuthenticationException(ErrorCode.UNAUTHORIZED, 401, what + ": HTTP 401 without a Basic or Bearer challenge jdx can answer");
        }
        if (c.isBearer() && (c.realm() == null || c.realm().isBlank())) {
            throw new AuthenticationException(ErrorCode.UNAUTHORIZED, 401, what + ": Bearer challenge without a realm");
        }
        tokens.remove(scope);
        challenge = c;
    }

    /** The Authorization header for a request in {@code scope}, fetching a token when the registry wants one. */
    private String authorization(String scope, String what) throws IOException {
        Challenge c = challenge;
        if (c == null) return null;
        if (c.isBasic()) {
            Optional<Credential> cred = credential(repositoryOf(scope));
            return cred.filter(x -> x.username() != null).map(Credential::basicAuthorization).orElse(null);
        }
        Token t = tokens.get(scope);
        if (t != null && Instant.now().isBefore(t.expires().minus(TOKEN_MARGIN))) return "Bearer " + t.value();
        synchronized (tokens) {
            t = tokens.get(scope);
            if (t != null && Instant.now().isBefore(t.expires().minus(TOKEN_MARGIN))) return "Bearer " + t.value();
            t = fetchToken(c, scope, what);
            tokens.put(scope, t);
            return "Bearer " + t.value();
        }
    }

    private Token fetchToken(Challenge c, String scope, String what) throws IOException {
        Optional<Credential> cred = credential(repositoryOf(scope));
        Map<String, String> params = new LinkedHashMap<>();
        if (c.service() != null) params.put("service", c.service());
        params.put("scope", scope);
        URI realm;
        try {
            realm = URI.create(c.realm());
        } catch (IllegalArgumentException e) {
            throw new AuthenticationException(ErrorCode.UNAUTHORIZED, 401, what + ": malformed token realm in the registry's challenge");
        }
        String tokenWhat = what + ": getting a pull token from " + realm.getScheme() + "://" + realm.getRawAuthority() + realm.getRawPath();
        String method;
        URI uri;
        byte[] form = null;
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "application/json");
        if (cred.isPresent() && cred.get().hasIdentityToken()) {
            // Docker's OAuth2 refresh-token grant
            params.put("grant_type", "refresh_token");
            params.put("refresh_token", cred.get().identityToken());
            params.put("client_id", "jdx");
            method = "POST";
            uri = realm;
            form = form(params).getBytes(StandardCharsets.UTF_8);
            headers.put("Content-Type", "application/x-www-form-urlencoded");
        } else {
            String sep = realm.getRawQuery() == null ? "?" : "&";
            method = "GET";
            uri = URI.create(c.realm() + sep + form(params));
            if (cred.isPresent() && cred.get().username() != null) headers.put("Authorization", cred.get().basicAuthorization());
        }
        int status;
        byte[] body;
        try {
            checkProxy(uri);
            requests.incrementAndGet();
            HttpTransport.Reply r = http.send(method, uri, headers, form, settings.readTimeout());
            status = r.status();
            try (InputStream in = r.body()) {
                body = in.readNBytes(MAX_TOKEN_BYTES);
            }
        } catch (RegistryException e) {
            throw e;
        } catch (IOException | IllegalArgumentException e) {
            throw transportError(tokenWhat, e instanceof IOException io ? io : new IOException(oneLine(e), e));
        }
        if (status == 407) throw proxyRefused(tokenWhat, realm);
        if (status != 200) {
            String hint = cred.isPresent() ? "the credentials for " + registry + " were rejected"
                    : "anonymous access refused and no credentials are configured for " + registry;
            throw new AuthenticationException(status == 403 ? ErrorCode.DENIED : ErrorCode.UNAUTHORIZED, status,
                    tokenWhat + ": HTTP " + status + ": " + hint);
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new AuthenticationException(ErrorCode.UNAUTHORIZED, 200, tokenWhat + ": the answer is not JSON");
        }
        String token = root.path("token").asText("");
        if (token.isEmpty()) token = root.path("access_token").asText("");
        if (token.isEmpty()) throw new AuthenticationException(ErrorCode.UNAUTHORIZED, 200, tokenWhat + ": the answer holds no token");
        long expiresIn = root.path("expires_in").asLong(60);
        if (expiresIn < 60) expiresIn = 60; // the spec's minimum
        Instant issued = Instant.now();
        String issuedAt = root.path("issued_at").asText("");
        if (!issuedAt.isEmpty()) {
            try {
                Instant i = Instant.parse(issuedAt);
                if (i.isBefore(issued)) issued = i; // a server clock ahead of ours must not extend the token
            } catch (DateTimeParseException e) {
                // keep now
            }
        }
        return new Token(token, issued.plusSeconds(expiresIn));
    }

    private static String form(Map<String, String> params) {
        StringBuilder sb = new StringBuilder();
        params.forEach((k, v) -> {
            if (!sb.isEmpty()) sb.append('&');
            sb.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        return sb.toString();
    }

    // ---------------------------------------------------------------- helpers

    /** The first line of an exception's message, or its class name when it has none. */
    static String oneLine(Throwable t) {
        String m = t.getMessage();
        if (m == null || m.isBlank()) m = t.getClass().getSimpleName();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    static String bareType(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    /** The manifest's own {@code mediaType}, else what its shape says, else the Content-Type. */
    static String mediaTypeOf(byte[] bytes, String contentType) {
        try {
            JsonNode root = JSON.readTree(bytes);
            if (root != null && root.isObject()) {
                String mt = root.path("mediaType").asText("");
                if (!mt.isEmpty()) return mt;
                if (root.path("schemaVersion").asInt(0) == 1) return MediaType.DOCKER_MANIFEST_V1_SIGNED;
                if (contentType != null && (MediaType.isIndex(contentType) || MediaType.isManifest(contentType))) return contentType;
                if (root.has("manifests")) return MediaType.OCI_INDEX;
                if (root.has("config")) return MediaType.OCI_MANIFEST;
            }
        } catch (IOException e) {
            // fall through: the caller reports what it cannot parse
        }
        return contentType;
    }

    /** A blob download that picks up where it stopped after a dropped connection or a stall. */
    private final class BlobStream extends InputStream {
        private final String repository;
        private final Descriptor descriptor;
        private final String what;
        private InputStream body;
        private long position;
        private int resumes;
        private boolean closed;

        BlobStream(String repository, Descriptor descriptor, String what) throws IOException {
            this.repository = repository;
            this.descriptor = descriptor;
            this.what = what;
            this.body = open(0);
        }

        private InputStream open(long from) throws IOException {
            Map<String, String> headers = from > 0 ? Map.of("Range", "bytes=" + from + "-") : Map.of();
            Response r = send(what, repository, "/v2/" + repository + "/blobs/" + descriptor.digest(), headers, ErrorCode.BLOB_UNKNOWN);
            HttpTransport.Body b = r.body();
            if (from > 0 && r.status() == 200) {
                // the server ignored Range: skip what we already have
                long skipped = 0;
                byte[] buf = new byte[64 * 1024];
                while (skipped < from) {
                    int n = b.read(buf, 0, (int) Math.min(buf.length, from - skipped));
                    if (n < 0) throw new IOException(what + ": blob ended while skipping to byte " + from);
                    skipped += n;
                }
            } else if (from > 0) {
                String range = r.headers().firstValue("Content-Range").orElse("");
                if (!range.startsWith("bytes " + from + "-")) {
                    b.close();
                    throw new IOException(what + ": resumed download starts at the wrong place (" + range + ")");
                }
            }
            return b;
        }

        @Override
        public int read() throws IOException {
            return SingleByteRead.of(this);
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            while (true) {
                IOException failure;
                try {
                    int n = body.read(buf, off, len);
                    if (n > 0) {
                        position += n;
                        return n;
                    }
                    if (n < 0 && (descriptor.size() < 0 || position >= descriptor.size())) return -1;
                    if (n == 0) return 0;
                    failure = new IOException("connection closed after " + position + " of " + descriptor.size() + " bytes");
                } catch (RegistryException e) {
                    throw e;
                } catch (IOException e) {
                    failure = e;
                }
                if (closed || http.isClosed()) throw failure;
                if (resumes >= MAX_RESUMES) {
                    RegistryException re = transportError(what, failure);
                    throw new RegistryException(re.code(), 0, re.getMessage() + " (after " + resumes + " resumed attempts, at byte " + position + ")", failure);
                }
                resumes++;
                body.close();
                body = open(position);
            }
        }

        @Override
        public void close() throws IOException {
            closed = true;
            body.close();
        }
    }
}
