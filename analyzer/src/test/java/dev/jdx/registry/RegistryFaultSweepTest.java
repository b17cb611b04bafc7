package dev.jdx.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.sun.net.httpserver.HttpExchange;
import dev.jdx.image.Descriptor;
import dev.jdx.image.Digest;
import dev.jdx.image.Verification;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Random sequences of the faults {@link RegistryFaultsTest} tries one at a time: each request for a blob gets, at
 * random, the blob (or the asked range of it), a 500 / 503 / 429 with Retry-After, a body cut short, a body with one
 * byte wrong, a 200 with the whole blob to a range request, a 404 BLOB_UNKNOWN, a 401, or a redirect. Whatever the
 * sequence, reading the blob must end, quickly, with exactly its bytes or with an IOException that names it: never
 * other bytes, never another exception, never a hang.
 */
class RegistryFaultSweepTest {
    private static final byte[] BLOB = RegistryFaultsTest.BLOB;
    private static final Digest DIGEST = RegistryFaultsTest.DIGEST;
    private static final String BLOB_PATH = RegistryFaultsTest.BLOB_PATH;
    private static final String MOVED_PATH = "/storage/blob-copy";
    private static final Descriptor DESCRIPTOR = RegistryFaultsTest.DESCRIPTOR;

    /** {@link RegistryFaultsTest}'s short timeouts, with quicker retries: many sequences run. */
    private static RegistrySettings fast() {
        return RegistryFaultsTest.fast().withRetries(3, Duration.ofMillis(50));
    }

    /** Serves the blob, or the part a Range header asks for. */
    private static void serve(HttpExchange ex, byte[] blob) throws IOException {
        String range = ex.getRequestHeaders().getFirst("Range");
        if (range == null) {
            FaultServer.send(ex, 200, "application/octet-stream", blob, Map.of());
            return;
        }
        int from = Integer.parseInt(range.substring("bytes=".length(), range.indexOf('-')));
        FaultServer.send(ex, 206, "application/octet-stream", Arrays.copyOfRange(blob, from, blob.length),
                Map.of("Content-Range", "bytes " + from + "-" + (blob.length - 1) + "/" + blob.length));
    }

    /** One request's answer, chosen by {@code kind}; {@code r} picks the details. */
    private static void answer(HttpExchange ex, int kind, Random r, String host) throws IOException {
        switch (kind) {
            case 0, 1, 2 -> serve(ex, BLOB);
            case 3 -> FaultServer.send(ex, 500, "text/plain", "boom".getBytes(), Map.of());
            case 4 -> FaultServer.send(ex, 503, "application/json", "{}".getBytes(), Map.of("Retry-After", "0"));
            case 5 -> FaultServer.send(ex, 429, "application/json",
                    "{\"errors\":[{\"code\":\"TOOMANYREQUESTS\"}]}".getBytes(), Map.of("Retry-After", "0"));
            case 6 -> { // cut short, as a dropped connection
                ex.sendResponseHeaders(200, BLOB.length);
                OutputStream o = ex.getResponseBody();
                o.write(BLOB, 0, r.nextInt(BLOB.length));
                o.flush();
                throw new IOException("dropping the connection on purpose");
            }
            case 7 -> { // one byte wrong, full length
                byte[] wrong = BLOB.clone();
                wrong[r.nextInt(wrong.length)] ^= (byte) (1 + r.nextInt(255));
                serve(ex, wrong);
            }
            case 8 -> FaultServer.send(ex, 200, "application/octet-stream", BLOB, Map.of()); // a Range ignored
            case 9 -> FaultServer.send(ex, 404, "application/json",
                    "{\"errors\":[{\"code\":\"BLOB_UNKNOWN\",\"message\":\"blob unknown to registry\"}]}".getBytes(), Map.of());
            case 10 -> FaultServer.send(ex, 401, "application/json",
                    "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}".getBytes(), Map.of());
            default -> FaultServer.send(ex, 307, null, new byte[0], Map.of("Location", "http://" + host + MOVED_PATH));
        }
    }

    @Test
    @Timeout(240)
    void everyFaultSequenceEndsInTheBlobOrANamedError() throws Exception {
        int seeds = Integer.getInteger("jdx.sweep.seeds", 60);
        int read = 0;
        List<String> errors = new ArrayList<>();
        for (int seed = 0; seed < seeds; seed++) {
            Random r = new Random(seed);
            // the answers to the first requests, in order; after them the blob is served
            int[] plan = new int[1 + r.nextInt(4)];
            for (int i = 0; i < plan.length; i++) plan[i] = r.nextInt(12);
            try (FaultServer server = new FaultServer()) {
                FaultServer.Handler h = (ex, nth) -> {
                    int n = server.seen(BLOB_PATH).size() + server.seen(MOVED_PATH).size();
                    answer(ex, n <= plan.length ? plan[n - 1] : 0, r, server.host());
                };
                server.on(BLOB_PATH, h).on(MOVED_PATH, h);
                String what = "seed " + seed + ", plan " + Arrays.toString(plan);
                long t0 = System.nanoTime();
                try (RegistryClient c = new RegistryClient(server.host(), fast());
                     InputStream in = c.openBlob("app", DESCRIPTOR, Verification.strict(), "blob " + DIGEST.shortHex())) {
                    byte[] got = in.readAllBytes();
                    assertThat(got).as(what).isEqualTo(BLOB);
                    read++;
                } catch (IOException e) {
                    assertThat(e.getMessage()).as(what + ": " + e).isNotBlank();
                    errors.add(e.getClass().getSimpleName() + ": " + e.getMessage());
                } catch (RuntimeException e) {
                    fail(what + ": an exception other than IOException: " + e, e);
                }
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).as(what).isLessThan(Duration.ofSeconds(20));
            }
        }
        System.out.printf("registry fault sweep: %d of %d reads got the blob; errors: %s%n", read, seeds, errors);
        // both outcomes occur: faults that retries and resumption absorb, and ones that end the read
        assertThat(read).isBetween(seeds / 4, seeds - 1);
    }
}
