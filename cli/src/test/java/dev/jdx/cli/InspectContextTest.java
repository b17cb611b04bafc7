package dev.jdx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jdx.fixtures.ImageBuilder;
import dev.jdx.fixtures.LayerBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jdx inspect IMAGE --context DIR} links leaked image files to the build context and the pattern to add. */
class InspectContextTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ENV = "DATABASE_PASSWORD=s3cr3t-value-123\nAPI_TOKEN=abcdef0123456789\n";

    @Test
    void leakedFilesNameTheirContextFileAndTheIgnorePattern(@TempDir Path tmp) throws Exception {
        Path ctx = Files.createDirectories(tmp.resolve("ctx"));
        Files.writeString(ctx.resolve(".env"), ENV);
        Files.createDirectories(ctx.resolve(".git"));
        Files.writeString(ctx.resolve(".git/config"), "[core]\n");
        Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\nCOPY . /app/\n");
        Path img = tmp.resolve("img.tar");
        ImageBuilder.image().layer(LayerBuilder.layer().dir("app").file("app/.env", ENV).dir("app/.git")
                        .file("app/.git/config", "[core]\n").file("app/Dockerfile", "FROM scratch\nCOPY . /app/\n"), "COPY . /app/")
                .writeDockerArchive(img, "leaky:1");

        JsonNode doc = findings(img, ctx);
        assertThat(messages(doc, "JDX-I005")).anyMatch(m -> m.contains("from the build context (.env): add '**/.env' to .dockerignore"));
        assertThat(messages(doc, "JDX-I006")).anyMatch(m -> m.contains("add '**/.git' to .dockerignore"));

        // with the ignore file in place, jdx says the image is stale rather than asking for the pattern again
        Files.writeString(ctx.resolve(".dockerignore"), "**/.env\n.git\n");
        JsonNode again = findings(img, ctx);
        assertThat(messages(again, "JDX-I005")).anyMatch(m -> m.contains("'**/.env' (.dockerignore:1) now excludes: rebuild"));
    }

    @Test
    void filesNotInTheContextAreLeftAsTheyWere(@TempDir Path tmp) throws Exception {
        Path ctx = Files.createDirectories(tmp.resolve("ctx"));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\n");
        Path img = tmp.resolve("img.tar");
        ImageBuilder.image().layer(LayerBuilder.layer().dir("app").file("app/.env", ENV), "RUN make-env").writeDockerArchive(img, "leaky:2");
        assertThat(messages(findings(img, ctx), "JDX-I005")).isNotEmpty().noneMatch(m -> m.contains("build context"));
    }

    private static JsonNode findings(Path img, Path ctx) throws Exception {
        Jdx.Result r = Jdx.run("inspect", img.toString(), "--no-index", "--context", ctx.toString(), "--json", "-");
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        return JSON.readTree(r.out()).path("findings");
    }

    private static List<String> messages(JsonNode findings, String id) {
        List<String> out = new ArrayList<>();
        for (JsonNode f : findings) if (f.path("checkId").asText().equals(id) || f.path("id").asText().equals(id)) out.add(f.path("message").asText());
        return out;
    }
}
