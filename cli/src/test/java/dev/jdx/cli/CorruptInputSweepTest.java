package dev.jdx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jdx.fixtures.ImageBuilder;
import dev.jdx.fixtures.LayerBuilder;
import dev.jdx.fixtures.LayerCompression;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged images, many of them: every one must end in exit 0 with a valid report (and at most warnings), or exit 3
 * with one line {@code jdx: ...} on stderr, no stack trace, and no report file left behind. Two sweeps:
 * <ul>
 *   <li>bytes: deterministic truncations, bit flips and overwritten runs of a docker-archive and an OCI archive
 *       whose layers are gzip, zstd and uncompressed;</li>
 *   <li>JSON structure: every field of an OCI layout's index.json, manifest and config removed or replaced by a
 *       value of another type. The changed document is stored under its new digest and the descriptor that names it
 *       is updated, so the mutation reaches the parser instead of stopping at a digest check.</li>
 * </ul>
 * The fixed seeds make a failure reproducible; the assertion message names the mutation.
 */
class CorruptInputSweepTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BYTE_MUTATIONS_PER_IMAGE = 45;

    @TempDir
    static Path dir;
    private static Path dockerArchive;
    private static Path ociArchive;
    private static Path ociLayout;

    private static ImageBuilder image() {
        return ImageBuilder.image()
                .layer(LayerBuilder.layer().dir("etc").file("etc/os-release", "ID=alpine\nVERSION_ID=3.20.1\n")
                        .file("etc/passwd", "root:x:0:0:root:/root:/bin/sh\n").file("bin/busybox", 20_000, 1, 0755, 0, 0),
                        LayerCompression.GZIP, "ADD rootfs.tar /")
                .layer(LayerBuilder.layer().dir("app").file("app/data.bin", 30_000, 2).file("app/run.sh", "#!/bin/sh\n")
                        .symlink("app/latest", "data.bin").whiteout("etc/passwd"), LayerCompression.ZSTD, "COPY app /app")
                .layer(LayerBuilder.layer().file("app/notes.txt", "plain\n").opaque("etc"), LayerCompression.NONE, "RUN notes")
                .emptyLayer("CMD [\"/app/run.sh\"]")
                .cmd("/app/run.sh").env("PATH=/usr/bin:/bin").user("1000").expose("8080/tcp").label("team", "jdx");
    }

    @BeforeAll
    static void writeImages() throws IOException {
        dockerArchive = dir.resolve("base-docker.tar");
        image().writeDockerArchive(dockerArchive, "sweep/app:1");
        ociArchive = dir.resolve("base-oci.tar");
        image().writeOciArchive(ociArchive, "1");
        ociLayout = dir.resolve("base-layout");
        image().writeOciLayout(ociLayout, "1");
    }

    @Test
    void theUndamagedImagesInspect() throws IOException {
        for (Path p : List.of(dockerArchive, ociArchive, ociLayout)) {
            assertOutcome(p, "undamaged " + p.getFileName(), true);
        }
    }

    @Test
    @Timeout(180)
    void damagedBytesAreOneLineInputErrors() throws IOException {
        int failures = 0;
        for (Path base : List.of(dockerArchive, ociArchive)) {
            byte[] good = Files.readAllBytes(base);
            Random rnd = new Random(base.getFileName().toString().hashCode());
            for (int i = 0; i < BYTE_MUTATIONS_PER_IMAGE; i++) {
                byte[] bad;
                String what;
                int off = rnd.nextInt(good.length);
                switch (i % 3) {
                    case 0 -> {
                        bad = Arrays.copyOf(good, off);
                        what = "truncated at " + off;
                    }
                    case 1 -> {
                        bad = good.clone();
                        int bit = rnd.nextInt(8);
                        bad[off] ^= (byte) (1 << bit);
                        what = "bit " + bit + " flipped at " + off;
                    }
                    default -> {
                        bad = good.clone();
                        int n = 1 + rnd.nextInt(64);
                        for (int j = off; j < Math.min(bad.length, off + n); j++) bad[j] = (byte) rnd.nextInt(256);
                        what = n + " random bytes at " + off;
                    }
                }
                Path file = dir.resolve("damaged-" + i + "-" + base.getFileName());
                Files.write(file, bad);
                if (assertOutcome(file, base.getFileName() + ", " + what, false) == 3) failures++;
                Files.delete(file);
            }
        }
        System.out.printf("byte sweep: %d damaged archives, %d refused with exit 3%n", 2 * BYTE_MUTATIONS_PER_IMAGE, failures);
        // nearly every damage is noticed (a flip in tar padding or a header's mtime may be harmless)
        assertThat(failures).isGreaterThan(2 * BYTE_MUTATIONS_PER_IMAGE * 3 / 4);
    }

    @Test
    @Timeout(300)
    void everyJsonFieldOfAnotherTypeOrMissingIsAnInputErrorOrHarmless() throws IOException {
        JsonNode index = JSON.readTree(ociLayout.resolve("index.json").toFile());
        String manifestDigest = index.at("/manifests/0/digest").asText();
        JsonNode manifest = JSON.readTree(blob(ociLayout, manifestDigest));
        JsonNode config = JSON.readTree(blob(ociLayout, manifest.at("/config/digest").asText()));
        List<JsonNode> values = List.of(JsonNodeFactory.instance.nullNode(), JsonNodeFactory.instance.textNode("x"),
                JsonNodeFactory.instance.numberNode(-1), JsonNodeFactory.instance.objectNode(),
                JsonNodeFactory.instance.arrayNode());
        int runs = 0;
        int errors = 0;
        for (String doc : List.of("index", "manifest", "config")) {
            JsonNode original = switch (doc) {
                case "index" -> index;
                case "manifest" -> manifest;
                default -> config;
            };
            for (JsonPointer at : paths(original, JsonPointer.empty(), new ArrayList<>())) {
                List<JsonNode> replacements = new ArrayList<>(values);
                replacements.add(null); // null: the field removed
                for (JsonNode value : replacements) {
                    if (value == null && at.matches()) continue; // the document itself cannot be removed
                    JsonNode changed = replace(original, at, value);
                    Path layout = dir.resolve("layout-" + runs);
                    writeLayout(layout, doc, changed, index, manifest, config);
                    String what = doc + " " + (at.matches() ? "(whole document)" : at) + " := "
                            + (value == null ? "(removed)" : value);
                    if (assertOutcome(layout, what, false) == 3) errors++;
                    runs++;
                    deleteTree(layout);
                }
            }
        }
        System.out.printf("JSON sweep: %d mutations, %d refused with exit 3%n", runs, errors);
        assertThat(runs).isGreaterThan(200);
        // the index, manifest and descriptor fields are required: most of these changes must be refused
        assertThat(errors).isGreaterThan(runs / 3);
    }

    /** Runs one inspect and checks the contract; returns its exit code. */
    private static int assertOutcome(Path image, String what, boolean mustSucceed) throws IOException {
        Path report = dir.resolve("report.json");
        Files.deleteIfExists(report);
        Jdx.Result r = Jdx.run("inspect", "--no-index", "-q", "--json", report.toString(), image.toString());
        assertThat(r.code()).as("%s: exit code; stderr: %s", what, r.err()).isIn(mustSucceed ? List.of(0) : List.of(0, 3));
        if (r.code() == 0) {
            // a success may warn (a docker-archive config whose member name is not its digest), but only warn
            assertThat(r.err().lines()).as("%s: stderr", what).allSatisfy(l -> assertThat(l).startsWith("jdx: warning: "));
            if (mustSucceed) assertThat(r.err()).as("%s: stderr", what).isEmpty();
            assertThat(report).as(what).exists();
            assertThat(SchemaValidator.errors(JSON.readTree(report.toFile()))).as("%s: report against the schema", what).isEmpty();
        } else {
            r.assertOneErrorLine(what);
            assertThat(report).as("%s: no report from a failed inspect", what).doesNotExist();
            assertThat(r.out()).as("%s: nothing on stdout", what).isEmpty();
        }
        return r.code();
    }

    /** Every value's pointer, the document's included; arrays to their first two elements. */
    private static List<JsonPointer> paths(JsonNode n, JsonPointer at, List<JsonPointer> out) {
        out.add(at);
        if (n.isObject()) {
            for (var it = n.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                paths(n.get(k), at.appendProperty(k), out);
            }
        } else if (n.isArray()) {
            for (int i = 0; i < Math.min(2, n.size()); i++) paths(n.get(i), at.appendIndex(i), out);
        }
        return out;
    }

    /** A copy of {@code doc} with the value at {@code at} replaced by {@code value} (null: removed). */
    private static JsonNode replace(JsonNode doc, JsonPointer at, JsonNode value) {
        if (at.matches()) return value;
        JsonNode copy = doc.deepCopy();
        JsonNode parent = copy.at(at.head());
        String last = at.last().getMatchingProperty();
        if (parent instanceof ObjectNode o) {
            if (value == null) o.remove(last);
            else o.set(last, value);
        } else if (parent instanceof ArrayNode a) {
            int i = at.last().getMatchingIndex();
            if (value == null) a.remove(i);
            else a.set(i, value);
        }
        return copy;
    }

    /**
     * Copies the base layout with {@code doc} replaced by {@code changed}, stored under its own digest and named by the
     * document above it (the config by the manifest, the manifest by index.json), so digests still match.
     */
    private static void writeLayout(Path layout, String doc, JsonNode changed, JsonNode index, JsonNode manifest,
                                    JsonNode config) throws IOException {
        Path blobs = Files.createDirectories(layout.resolve("blobs/sha256"));
        try (Stream<Path> s = Files.list(ociLayout.resolve("blobs/sha256"))) {
            for (Path b : s.toList()) Files.createLink(blobs.resolve(b.getFileName()), b);
        }
        Files.copy(ociLayout.resolve("oci-layout"), layout.resolve("oci-layout"));
        JsonNode idx = index;
        if (doc.equals("config")) {
            JsonNode m = withDescriptor(manifest, "/config", put(blobs, changed));
            idx = withDescriptor(index, "/manifests/0", put(blobs, m));
        } else if (doc.equals("manifest")) {
            idx = withDescriptor(index, "/manifests/0", put(blobs, changed));
        } else {
            idx = changed;
        }
        Files.write(layout.resolve("index.json"), JSON.writeValueAsBytes(idx));
    }

    private record Stored(String digest, long size) {}

    private static Stored put(Path blobs, JsonNode doc) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(doc);
        String hex = sha256(bytes);
        Files.write(blobs.resolve(hex), bytes);
        return new Stored("sha256:" + hex, bytes.length);
    }

    /** {@code doc} with the descriptor at {@code at} naming {@code s}, if that descriptor is still an object. */
    private static JsonNode withDescriptor(JsonNode doc, String at, Stored s) {
        JsonNode copy = doc.deepCopy();
        if (copy.at(at) instanceof ObjectNode d) {
            d.put("digest", s.digest());
            d.put("size", s.size());
        }
        return copy;
    }

    private static byte[] blob(Path layout, String digest) throws IOException {
        return Files.readAllBytes(layout.resolve("blobs/sha256").resolve(digest.substring("sha256:".length())));
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(q);
        }
    }
}
