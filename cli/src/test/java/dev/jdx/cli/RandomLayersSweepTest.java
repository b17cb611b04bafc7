package dev.jdx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jdx.fixtures.ImageBuilder;
import dev.jdx.fixtures.LayerBuilder;
import dev.jdx.fixtures.LayerCompression;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images of random layers over a small set of paths, so that layers collide in every way the union filesystem
 * allows and some it does not: a file replaced by a directory and back, whiteouts of files, directories, missing and
 * whited-out paths, opaque markers under files, hardlinks to missing or deleted targets, symlink loops, devices,
 * setuid files, duplicate content, paths of 150 bytes, names with spaces, non-ASCII and markup, and the odd hostile
 * entry ({@code ../x}, {@code /abs}). Each image goes through the whole pipeline (scan, stack, analysis, checks,
 * JSON, HTML, index, {@code ls}, {@code search}). Every run must end in exit 0 with a report that follows the schema,
 * or exit 3 with one error line for a hostile entry; exit 4 (an internal error) fails the test with the seed.
 */
class RandomLayersSweepTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] NAMES = {
            "a", "b", "c", "lib", "bin", "etc", "app", "x y", "ü", "<b>", "d.tar.gz", ".hidden", "id_rsa", "passwd",
            "n".repeat(150),
    };

    private static String randomPath(Random rnd) {
        int depth = 1 + rnd.nextInt(3);
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < depth; i++) parts.add(NAMES[rnd.nextInt(i == 0 ? 8 : NAMES.length)]);
        return String.join("/", parts);
    }

    private static LayerBuilder randomLayer(Random rnd, boolean hostile) {
        LayerBuilder l = LayerBuilder.layer();
        int n = 1 + rnd.nextInt(14);
        for (int i = 0; i < n; i++) {
            String p = randomPath(rnd);
            switch (rnd.nextInt(12)) {
                case 0, 1, 2 -> l.file(p, 1 + rnd.nextInt(3000), rnd.nextInt(4)); // few seeds: duplicate content
                case 3 -> l.file(p, new byte[0]);
                case 4 -> l.dir(p);
                case 5 -> l.symlink(p, rnd.nextBoolean() ? randomPath(rnd) : rnd.nextBoolean() ? "/" + randomPath(rnd) : p);
                case 6 -> l.hardlink(p, randomPath(rnd));
                case 7 -> l.whiteout(p);
                case 8 -> l.opaque(p);
                case 9 -> l.file(p, "x".getBytes(StandardCharsets.UTF_8), 04755, 0, 0);
                case 10 -> {
                    if (rnd.nextBoolean()) l.fifo(p);
                    else l.chardev(p, 1, 3);
                }
                default -> l.file(p, ("PASSWORD=hunter2\n-----BEGIN RSA PRIVATE KEY-----\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        if (hostile) {
            String name = switch (rnd.nextInt(3)) {
                case 0 -> "../escape";
                case 1 -> "/etc/abs";
                default -> "a/../../up";
            };
            l.raw(name, TarConstants.LF_NORMAL, "x".getBytes(StandardCharsets.UTF_8), null);
        }
        return l;
    }

    @Test
    @Timeout(3600)
    void everyRandomImageIsReportedOrRefusedAsHostile(@TempDir Path dir) throws IOException {
        Path index = dir.resolve("index");
        int reported = 0;
        int seeds = Integer.getInteger("jdx.sweep.seeds", 60); // more for a longer hunt: -Djdx.sweep.seeds=1000
        for (int seed = 0; seed < seeds; seed++) {
            Random rnd = new Random(seed);
            boolean hostile = seed % 10 == 9;
            ImageBuilder b = ImageBuilder.image();
            int layers = 1 + rnd.nextInt(4);
            for (int i = 0; i < layers; i++) {
                b.layer(randomLayer(rnd, hostile && i == layers - 1), LayerCompression.values()[rnd.nextInt(3)], "RUN step " + i);
            }
            String ref = "sweep/s" + seed + ":1";
            Path img = dir.resolve("s" + seed + ".tar");
            b.writeDockerArchive(img, ref);
            Path json = dir.resolve("s" + seed + ".json");
            Path html = dir.resolve("s" + seed + ".html");
            String what = "seed " + seed + " (" + layers + " layers" + (hostile ? ", one hostile entry" : "") + ")";

            Jdx.Result r = Jdx.run("inspect", "-q", "--index", index.toString(), "--json", json.toString(), "--json-files",
                    "--html", html.toString(), img.toString());
            assertThat(r.code()).as("%s: exit code; stderr: %s", what, r.err()).isIn(0, 3);
            assertThat(r.err()).as(what).doesNotContain("Exception").doesNotContain("\tat ");
            if (r.code() == 3) {
                assertThat(hostile).as("%s was refused: %s", what, r.err()).isTrue();
                assertThat(r.err().lines().toList()).as(what).singleElement().asString().startsWith("jdx: ");
                assertThat(json).as(what).doesNotExist();
                assertThat(html).as(what).doesNotExist();
                continue;
            }
            reported++;
            JsonNode doc = JSON.readTree(json.toFile());
            assertThat(SchemaValidator.errors(doc)).as("%s: report against the schema", what).isEmpty();
            assertThat(doc.path("layers")).as(what).hasSize(layers);
            assertThat(Files.readString(html)).as(what).contains("</html>");

            Jdx.Result ls = Jdx.run("ls", "--index", index.toString(), "-R", ref);
            assertThat(ls.code()).as("%s: ls; stderr: %s", what, ls.err()).isIn(0);
            Jdx.Result search = Jdx.run("search", "--index", index.toString(), "--image", ref, "--limit", "1000", "--json", "*");
            assertThat(search.code()).as("%s: search; stderr: %s", what, search.err()).isIn(0);
            // the index holds every entry of every layer, as the report lists them
            long entries = 0;
            for (JsonNode l : doc.path("layers")) entries += l.path("files").size();
            assertThat(JSON.readTree(search.out()).path("total").asLong()).as("%s: indexed entries", what)
                    .isEqualTo(entries);
        }
        assertThat(reported).isGreaterThan(seeds * 3 / 4);
    }
}
