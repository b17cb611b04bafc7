package dev.jdx.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jdx.image.Descriptor;
import dev.jdx.image.Digest;
import dev.jdx.image.DigestMismatchException;
import dev.jdx.image.MediaType;
import dev.jdx.image.Verification;
import dev.jdx.registry.auth.Credential;
import dev.jdx.registry.auth.Keychain;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Faults a real registry does not produce on demand, served by {@link FaultServer}; short timeouts keep it fast. */
class RegistryFaultsTest {
    /** The blob every fault test serves; {@link RegistryFaultSweepTest} serves it too. */
    static final byte[] BLOB = new byte[300_000];
    static final Digest DIGEST;

    static {
        new Random(42).nextBytes(BLOB);
        DIGEST = Digest.sha256(BLOB);
    }

    static final String BLOB_PATH = "/v2/app/blobs/" + DIGEST;
    static final Descriptor DESCRIPTOR = new Descriptor(MediaType.OCI_LAYER, DIGEST, BLOB.length);

    private FaultServer server;

    @BeforeEach
    void start() throws IOException {
        server = new FaultServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static RegistrySettings fast() {
        return RegistrySettings.defaults().withKeychain(Keychain.anonymous()).withCacheDir(null).withCertsDirs(List.of())
                .withTimeouts(Duration.ofSeconds(10), Duration.ofMillis(1500)).withRetries(3, Duration.ofMillis(300))
                .withPlainHttp(true);
    }

    private byte[] read(RegistrySettings s, Verification v) throws IOException {
        try (RegistryClient c = new RegistryClient(server.host(), s);
             InputStream in = c.openBlob("app", DESCRIPTOR, v, "reading blob " + DIGEST + " of " + server.host() + "/app")) {
            return in.readAllBytes();
        }
    }

    private void read(RegistrySettings s, Verification v, String warmUpPath) throws IOException {
        try (RegistryClient c = new RegistryClient(server.host(), s)) {
            c.exchangeForTest(warmUpPath);
        }
    }

    private static void serveRange(com.sun.net.httpserver.HttpExchange ex) throws IOException {
        String range = ex.getRequestHeaders().getFirst("Range");
        if (range == null) {
            FaultServer.send(ex, 200, "application/octet-stream", BLOB, Map.of());
            return;
        }
        int from = Integer.parseInt(range.substring("bytes=".length(), range.indexOf('-')));
        byte[] rest = java.util.Arrays.copyOfRange(BLOB, from, BLOB.length);
        FaultServer.send(ex, 206, "application/octet-stream", rest,
                Map.of("Content-Range", "bytes " + from + "-" + (BLOB.length - 1) + "/" + BLOB.length));
    }

    @Test
    void truncatedBlobResumesWithRange() throws IOException {
        server.on(BLOB_PATH, (ex, nth) -> {
            if (nth == 1) FaultServer.truncated(ex, BLOB, 100_000);
            else serveRange(ex);
        });
        assertThat(read(fast(), Verification.strict())).isEqualTo(BLOB);
        List<FaultServer.Seen> seen = server.seen(BLOB_PATH);
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0).range()).isNull();
        assertThat(seen.get(1).range()).matches("bytes=\\d+-");
        assertThat(Long.parseLong(seen.get(1).range().replaceAll("\\D", ""))).isPositive().isLessThanOrEqualTo(100_000);
    }

    @Test
    void digestMismatchFailsStrictlyWarnsOtherwiseAndNeverCaches(@TempDir Path cache) throws IOException {
        byte[] wrong = BLOB.clone();
        wrong[1000] ^= 1;
        server.on(BLOB_PATH, (ex, nth) -> FaultServer.send(ex, 200, "application/octet-stream", wrong, Map.of()));
        assertThatThrownBy(() -> read(fast(), Verification.strict())).isInstanceOf(DigestMismatchException.class)
                .hasMessageContaining(DIGEST.toString()).hasMessageContaining(server.host() + "/app");
        Verification warn = Verification.warnOnly();
        assertThat(read(fast(), warn)).isEqualTo(wrong);
        assertThat(warn.warnings()).singleElement().asString().contains("digest mismatch");

        // through the cache: the bad blob must not become an entry, and no temp file may stay behind
        BlobCache blobs = new BlobCache(cache);
        try (RegistryClient c = new RegistryClient(server.host(), fast())) {
            var strict = new dev.jdx.image.VerifyingInputStream(c.openBlobUnverified("app", DESCRIPTOR, "blob"), "blob",
                    DIGEST, BLOB.length, Verification.strict());
            try (InputStream in = blobs.tee(strict, DIGEST, Verification.strict())) {
                assertThatThrownBy(in::readAllBytes).isInstanceOf(DigestMismatchException.class);
            }
        }
        assertThat(blobs.contains(DIGEST)).isFalse();
        try (Stream<Path> s = Files.walk(cache)) {
            assertThat(s.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void retryAfterIsHonouredAndBounded() throws IOException {
        server.on(BLOB_PATH, (ex, nth) -> {
            if (nth == 1) FaultServer.send(ex, 429, "application/json",
                    "{\"errors\":[{\"code\":\"TOOMANYREQUESTS\"}]}".getBytes(), Map.of("Retry-After", "1"));
            else serveRange(ex);
        });
        RegistrySettings patient = fast().withRetries(3, Duration.ofSeconds(5));
        long t0 = System.nanoTime();
        assertThat(read(patient, Verification.strict())).isEqualTo(BLOB);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(950));

        // a Retry-After of an hour is cut to maxRetryWait, and the attempts end
        server.on(BLOB_PATH, (ex, nth) -> FaultServer.send(ex, 429, "application/json",
                "{\"errors\":[{\"code\":\"TOOMANYREQUESTS\",\"message\":\"slow down\"}]}".getBytes(), Map.of("Retry-After", "3600")));
        long t1 = System.nanoTime();
        assertThatThrownBy(() -> read(fast(), Verification.strict())).isInstanceOf(RegistryException.class)
                .hasMessageContaining("TOOMANYREQUESTS").hasMessageContaining("3 attempts")
                .satisfies(e -> assertThat(((RegistryException) e).code()).isEqualTo(ErrorCode.TOOMANYREQUESTS));
        assertThat(Duration.ofNanos(System.nanoTime() - t1)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void serverErrorsAreRetriedThenReported() throws IOException {
        server.on(BLOB_PATH, (ex, nth) -> {
            if (nth <= 2) FaultServer.send(ex, nth == 1 ? 500 : 503, "text/plain", "oops".getBytes(), Map.of());
            else serveRange(ex);
        });
        assertThat(read(fast(), Verification.strict())).isEqualTo(BLOB);
        assertThat(server.seen(BLOB_PATH)).hasSize(3);

        server.on(BLOB_PATH, (ex, nth) -> FaultServer.send(ex, 500, "text/plain", "down".getBytes(), Map.of()));
        assertThatThrownBy(() -> read(fast(), Verification.strict())).isInstanceOf(RegistryException.class)
                .hasMessageContaining("HTTP 500").hasMessageContaining("after 3 attempts").hasMessageContaining(server.host() + "/app")
                .satisfies(e -> assertThat(((RegistryException) e).code()).isEqualTo(ErrorCode.SERVER_ERROR));
    }

    @Test
    void stalledBodyTimesOutAfterBoundedResumes() throws IOException {
        server.on(BLOB_PATH, (ex, nth) -> server.stall(ex, BLOB, 50_000));
        RegistrySettings impatient = fast().withTimeouts(Duration.ofSeconds(10), Duration.ofMillis(300));
        read(fast(), Verification.strict(), "/v2/"); // warm the client up so the clock below measures timeouts only
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> read(impatient, Verification.strict())).isInstanceOf(RegistryException.class)
                .hasMessageContaining("read timeout").hasMessageContaining("resumed")
                .satisfies(e -> assertThat(((RegistryException) e).code()).isEqualTo(ErrorCode.TIMEOUT));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(6));
    }

    @Test
    void stalledHeadersTimeOut() throws IOException {
        server.on("/v2/app/manifests/1", (ex, nth) -> server.stallHere());
        read(fast(), Verification.strict(), "/v2/");
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> {
            try (RegistryClient c = new RegistryClient(server.host(), fast().withTimeouts(Duration.ofSeconds(10), Duration.ofMillis(300)).withRetries(2, Duration.ofMillis(100)))) {
                c.manifest("app", "1", Verification.strict());
            }
        }).isInstanceOf(RegistryException.class)
                .satisfies(e -> assertThat(((RegistryException) e).code()).isEqualTo(ErrorCode.TIMEOUT));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(6));
    }

    /**
     * Starts reading {@link #BLOB} from {@code server}, which stalls after 50,000 bytes, closes the client while the
     * read is blocked, and returns how long close() took and what the reader then got, and when.
     */
    private record Cancelled(Duration close, Throwable failure, Duration failedAfter) {}

    private static Cancelled closeWhileBlocked(FaultServer stalling, RegistrySettings s) throws Exception {
        stalling.on(BLOB_PATH, (ex, nth) -> stalling.stall(ex, BLOB, 50_000));
        RegistryClient c = new RegistryClient(stalling.host(), s);
        InputStream in = c.openBlob("app", DESCRIPTOR, Verification.strict(), "reading blob " + DIGEST);
        assertThat(in.readNBytes(50_000)).isEqualTo(java.util.Arrays.copyOf(BLOB, 50_000));
        java.util.concurrent.CompletableFuture<Throwable> failure = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                in.readAllBytes();
                return null;
            } catch (IOException | RuntimeException e) {
                return e;
            }
        });
        Thread.sleep(300); // the reader is blocked now: the server sent all it will
        assertThat(failure).isNotDone();
        long t0 = System.nanoTime();
        c.close();
        Duration close = Duration.ofNanos(System.nanoTime() - t0);
        Throwable f = failure.get(30, java.util.concurrent.TimeUnit.SECONDS);
        return new Cancelled(close, f, Duration.ofNanos(System.nanoTime() - t0));
    }

    @Test
    void closingTheClientEndsATlsDownloadBlockedOnAStalledServerAtOnce(@TempDir Path tmp) throws Exception {
        // a failed layer closes the source while other layers still download: their threads must end now, not at
        // the read timeout (a blocked socket read ignores Thread.interrupt)
        dev.jdx.fixtures.TestCertificates certs = dev.jdx.fixtures.TestCertificates.create(tmp.resolve("tls"));
        javax.net.ssl.SSLContext tls = FaultServer.tlsContext(certs, tmp.resolve("tls"));
        try (FaultServer https = new FaultServer(tls)) {
            RegistrySettings s = fast().withPlainHttp(false).withCaCerts(List.of(certs.caCert()))
                    .withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(20));
            Cancelled c = closeWhileBlocked(https, s);
            assertThat(c.close()).isLessThan(Duration.ofSeconds(1));
            assertThat(c.failure()).isInstanceOf(IOException.class);
            assertThat(c.failedAfter()).isLessThan(Duration.ofSeconds(3));
            assertThat(https.seen(BLOB_PATH)).hasSize(1); // a closed client resumes nothing
        }
    }

    @Test
    void closingTheClientNeverWaitsForAPlainHttpDownloadAndResumesNothing() throws Exception {
        // plain HTTP (loopback, --insecure): the blocked read ends at its read timeout, but close() does not wait
        Cancelled c = closeWhileBlocked(server, fast().withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(2)));
        assertThat(c.close()).isLessThan(Duration.ofSeconds(1));
        // the read's own failure, not a resumed attempt's
        assertThat(c.failure()).isInstanceOf(IOException.class).hasMessageContaining("read timeout");
        assertThat(server.seen(BLOB_PATH)).hasSize(1);
    }

    @Test
    void tlsSettingsAreReadOnlyWhenTheRegistrySpeaksTls(@TempDir Path tmp) throws Exception {
        // a plain registry on this machine never loads a trust store: a CA file that is not one does not matter
        Path bad = Files.writeString(tmp.resolve("bad-ca.crt"), "not a certificate\n");
        RegistrySettings s = fast().withPlainHttp(false).withCaCerts(List.of(bad));
        server.on(BLOB_PATH, (ex, nth) -> FaultServer.send(ex, 200, "application/octet-stream", BLOB, Map.of()));
        assertThat(read(s, Verification.strict())).isEqualTo(BLOB);
        // a TLS one needs it, and says which file is wrong
        dev.jdx.fixtures.TestCertificates certs = dev.jdx.fixtures.TestCertificates.create(tmp.resolve("tls"));
        try (FaultServer https = new FaultServer(FaultServer.tlsContext(certs, tmp.resolve("tls")));
             RegistryClient c = new RegistryClient(https.host(), s)) {
            assertThatThrownBy(() -> c.manifest("app", "1", Verification.strict())).isInstanceOf(RegistryException.class)
                    .hasMessageContaining(bad.toString());
        }
    }

    @Test
    void anUnknownHostIsOneClearErrorWithoutRetries() throws IOException {
        try (RegistryClient c = new RegistryClient("no-such-registry.invalid:5000", fast())) {
            assertThatThrownBy(() -> c.manifest("app", "1", Verification.strict())).isInstanceOf(RegistryException.class)
                    .hasMessageContaining("fetching manifest 1 of no-such-registry.invalid:5000/app")
                    .hasMessageContaining("cannot connect to no-such-registry.invalid:5000: unknown host")
                    .satisfies(e -> assertThat(((RegistryException) e).code()).isEqualTo(ErrorCode.TRANSPORT));
            assertThat(c.requestCount()).isEqualTo(1);
        }
    }

    @Test
    void redirectToBlobStorageCarriesNoCredentials() throws IOException {
        try (FaultServer storage = new FaultServer()) {
            storage.on("/bucket/blob", (ex, nth) -> FaultServer.send(ex, 200, "application/octet-stream", BLOB, Map.of()));
            server.on(BLOB_PATH, (ex, nth) -> {
                if (ex.getRequestHeaders().getFirst("Authorization") == null) {
                    FaultServer.send(ex, 401, "application/json", "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}".getBytes(),
                            Map.of("WWW-Authenticate", "Basic realm=\"fault, with a comma\""));
                } else {
                    FaultServer.send(ex, 307, null, new byte[0], Map.of("Location", "http://" + storage.host() + "/bucket/blob?sig=x"));
                }
            });
            RegistrySettings s = fast().withKeychain(Keychain.of(server.host(), Credential.basic("user", "pw")));
            assertThat(read(s, Verification.strict())).isEqualTo(BLOB);
            assertThat(server.seen(BLOB_PATH).getLast().authorization()).startsWith("Basic ");
            assertThat(storage.seen("/bucket/blob")).singleElement().extracting(FaultServer.Seen::authorization).isNull();
        }
    }

    @Test
    void manifestIsCheckedAgainstDockerContentDigest() {
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\",\"config\":{},\"layers\":[]}")
                .getBytes(StandardCharsets.UTF_8);
        server.on("/v2/app/manifests/bad", (ex, nth) -> FaultServer.send(ex, 200, MediaType.OCI_MANIFEST, manifest,
                Map.of("Docker-Content-Digest", Digest.sha256("something else").toString())));
        assertThatThrownBy(() -> {
            try (RegistryClient c = new RegistryClient(server.host(), fast())) {
                c.manifest("app", "bad", Verification.strict());
            }
        }).isInstanceOf(DigestMismatchException.class).hasMessageContaining("Docker-Content-Digest")
                .hasMessageContaining(server.host() + "/app");
        assertThat(server.seen("/v2/app/manifests/bad")).isNotEmpty();
    }
}
