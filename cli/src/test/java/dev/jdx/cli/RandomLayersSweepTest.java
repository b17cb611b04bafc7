package dev.jdx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jdx.fixtures.ImageBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images of {@link RandomLayers}, with the odd hostile entry ({@code ../x}, {@code /abs}). Each image goes through
 * the whole pipeline (scan, stack, analysis, checks, JSON, HTML, index, {@code ls}, {@code search}). Every run must end in exit 0 with a report that follows the schema,
 * or exit 3 with one error line for a hostile entry; exit 4 (an internal error) fails the test with the seed.
 */
class RandomLayersSweepTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @Timeout(3600)
    void everyRandomImageIsReportedOrRefusedAsHostile(@TempDir Path dir) throws IOException {
        Path index = dir.resolve("index");
        int reported = 0;
        int seeds = Integer.getInteger("jdx.sweep.seeds", 60); // more for a longer hunt: -Djdx.sweep.seeds=1000
        for (int seed = 0; seed < seeds; seed++) {
            Random rnd = new Random(seed);
            boolean hostile = seed % 10 == 9;
            int[] count = new int[1];
            ImageBuilder b = RandomLayers.image(rnd, new RandomLayers.Options(true, hostile), count);
            int layers = count[0];
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
                r.assertOneErrorLine(what);
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
            // the index holds every entry of every layer, as the report lists them, and a document for each emptied
            // directory no tar declared (a final directory, listed by ls)
            long entries = 0;
            for (JsonNode l : doc.path("layers")) entries += l.path("files").size();
            JsonNode found = JSON.readTree(search.out());
            long implied = 0;
            for (JsonNode h : found.path("hits")) {
                if (!h.path("status").asText().equals("implied")) continue;
                implied++;
                assertThat(h.path("type").asText() + " " + h.path("final").asBoolean()).as("%s: %s", what, h).isEqualTo("dir true");
            }
            assertThat(found.path("hits")).as(what).hasSize(found.path("total").asInt());
            assertThat(found.path("total").asLong() - implied).as("%s: indexed entries", what).isEqualTo(entries);
        }
        assertThat(reported).isGreaterThan(seeds * 3 / 4);
    }
}
