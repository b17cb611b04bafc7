package dev.jdx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jdx.fixtures.ImageBuilder;
import dev.jdx.fixtures.LayerBuilder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jdx inspect} indexes what it reads; search, ls and the base-image guess then use the index. */
class InspectIndexTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static LayerBuilder base() {
        return LayerBuilder.layer().dir("etc").file("etc/os-release", "ID=alpine\nVERSION_ID=3.20.0\nPRETTY_NAME=\"Alpine Linux v3.20\"\n")
                .dir("lib").file("lib/libssl.so.3", 200_000, 7);
    }

    @Test
    void indexedBaseImageIsRecognisedAndFilesAreSearchable(@TempDir Path tmp) throws Exception {
        Path index = tmp.resolve("index");
        Path baseTar = tmp.resolve("base.tar");
        Path appTar = tmp.resolve("app.tar");
        ImageBuilder.image().layer(base(), "ADD rootfs /").writeDockerArchive(baseTar, "corp/base:1");
        ImageBuilder.image().layer(base(), "ADD rootfs /")
                .layer(LayerBuilder.layer().dir("app").file("app/server", 50_000, 3, 0755, 0, 0), "COPY server /app/")
                .writeDockerArchive(appTar, "corp/app:2");

        assertThat(Jdx.run("inspect", "-q", "--index", index.toString(), baseTar.toString()).code()).isEqualTo(0);
        Jdx.Result app = Jdx.run("inspect", "--index", index.toString(), appTar.toString(), "--json", "-");
        assertThat(app.code()).as(app.err()).isEqualTo(0);
        JsonNode base = JSON.readTree(app.out()).path("analysis").path("base");
        assertThat(base.path("method").asText()).isEqualTo("index");
        assertThat(base.path("name").asText()).contains("base");
        assertThat(base.path("layers").asInt()).isEqualTo(1);
        // the layer above the base is the user's: all of it counts as "above the base"
        assertThat(JSON.readTree(app.out()).path("analysis").path("efficiency").path("baseLayers").asInt()).isEqualTo(1);

        Jdx.Result search = Jdx.run("search", "--index", index.toString(), "name:libssl*", "--final");
        assertThat(search.code()).as(search.err()).isEqualTo(0);
        assertThat(search.out().lines().filter(l -> l.contains("/lib/libssl.so.3"))).hasSize(2);

        Jdx.Result ls = Jdx.run("ls", "--index", index.toString(), "corp/app:2", "/app");
        assertThat(ls.code()).as(ls.err()).isEqualTo(0);
        assertThat(ls.out()).contains("/app/server").contains("-rwxr-xr-x");

        // --no-index leaves the index as it was
        Jdx.Result images = Jdx.run("images", "--index", index.toString());
        assertThat(images.out().lines().filter(l -> l.contains("corp/"))).hasSize(2);
    }

    /** Which layer replaced or removed an entry: in search's table and JSON, and in ls's JSON. */
    @Test
    void aShadowedEntryNamesTheLayerThatReplacedIt(@TempDir Path tmp) throws Exception {
        Path index = tmp.resolve("index");
        Path tar = tmp.resolve("app.tar");
        ImageBuilder.image().layer(base(), "ADD rootfs /")
                .layer(LayerBuilder.layer().dir("app").file("app/cfg", "v1"), "COPY cfg /app/")
                .layer(LayerBuilder.layer().dir("app").file("app/cfg", "v2"), "COPY cfg /app/")
                .layer(LayerBuilder.layer().whiteout("lib/libssl.so.3"), "RUN rm /lib/libssl.so.3")
                .writeDockerArchive(tar, "corp/app:3");
        Jdx.Result report = Jdx.run("inspect", "-q", "--index", index.toString(), "--json", "-", "--json-files", tar.toString());
        assertThat(report.code()).as(report.err()).isEqualTo(0);
        // the report's file lists say it too (only for shadowed entries)
        JsonNode layers = JSON.readTree(report.out()).path("layers");
        assertThat(shadowedBy(layers.get(1), "/app/cfg")).isEqualTo("true 2");
        assertThat(shadowedBy(layers.get(2), "/app/cfg")).isEqualTo("false null");
        assertThat(shadowedBy(layers.get(0), "/lib/libssl.so.3")).isEqualTo("true 3");
        assertThat(SchemaValidator.errors(JSON.readTree(report.out()))).isEmpty();
        // the schema holds them together: shadowedBy exactly when shadowed
        JsonNode missing = JSON.readTree(report.out());
        for (JsonNode f : missing.path("layers").get(1).path("files")) ((ObjectNode) f).remove("shadowedBy");
        assertThat(SchemaValidator.errors(missing)).contains("shadowedBy");
        JsonNode extra = JSON.readTree(report.out());
        for (JsonNode f : extra.path("layers").get(2).path("files")) ((ObjectNode) f).put("shadowedBy", 3);
        assertThat(SchemaValidator.errors(extra)).isNotEmpty();

        Jdx.Result table = Jdx.run("search", "--index", index.toString(), "name:cfg OR name:libssl*");
        assertThat(table.code()).as(table.err()).isEqualTo(0);
        assertThat(table.out().lines().filter(l -> l.contains("/app/cfg")).map(String::strip))
                .anySatisfy(l -> assertThat(l).endsWith("shadowed by 2")).anySatisfy(l -> assertThat(l).endsWith("modified"));
        assertThat(table.out().lines().filter(l -> l.contains("/lib/libssl.so.3")).map(String::strip))
                .anySatisfy(l -> assertThat(l).endsWith("shadowed by 3")).anySatisfy(l -> assertThat(l).endsWith("removed"));

        Jdx.Result json = Jdx.run("search", "--index", index.toString(), "--json", "path:/app/cfg", "--sort", "path");
        assertThat(json.code()).as(json.err()).isEqualTo(0);
        JsonNode hits = JSON.readTree(json.out()).path("hits");
        assertThat(hits).hasSize(2);
        for (JsonNode h : hits) {
            assertThat(h.path("shadowedBy").isNull() ? null : h.path("shadowedBy").asInt())
                    .as("%s", h).isEqualTo(h.path("layer").asInt() == 1 ? 2 : null);
        }
        Jdx.Result ls = Jdx.run("ls", "--index", index.toString(), "--json", "--layer", "1", "corp/app:3", "/app/cfg");
        assertThat(ls.code()).as(ls.err()).isEqualTo(0);
        assertThat(JSON.readTree(ls.out()).path("entry").path("shadowedBy").asInt()).isEqualTo(2);
    }

    /** "shadowed shadowedBy" of the entry at {@code path} in a report layer's file list. */
    private static String shadowedBy(JsonNode layer, String path) {
        for (JsonNode f : layer.path("files")) {
            if (f.path("path").asText().equals(path)) {
                return f.path("shadowed").asBoolean() + " " + (f.has("shadowedBy") ? f.path("shadowedBy").asText() : "null");
            }
        }
        throw new AssertionError(path + " is not in layer " + layer.path("index"));
    }

    @Test
    void noIndexWritesNothing(@TempDir Path tmp) throws Exception {
        Path index = tmp.resolve("index");
        Path tar = tmp.resolve("base.tar");
        ImageBuilder.image().layer(base(), "ADD rootfs /").writeDockerArchive(tar, "corp/base:1");
        assertThat(Jdx.run("inspect", "-q", "--no-index", "--index", index.toString(), tar.toString()).code()).isEqualTo(0);
        assertThat(index).doesNotExist();
    }
}
