package dev.jdx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jdx.fixtures.DemoImage;
import dev.jdx.fixtures.LayerCompression;
import dev.jdx.fixtures.Requirements;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The full JSON report of a few images, compared with files checked in under {@code src/test/resources/golden}.
 * A deliberate change of the report regenerates them: {@code mvn -pl cli test -Dtest=GoldenJsonTest -Djdx.golden.update=true},
 * then review the diff like code.
 */
class GoldenJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final boolean UPDATE = Boolean.getBoolean("jdx.golden.update");

    @Test
    void demoImageAsDockerArchiveWithFiles(@TempDir Path tmp) throws Exception {
        Path tar = tmp.resolve("demo.tar");
        DemoImage.write(tar);
        compare("demo-docker-archive.json", report(tar.toString(), "--json-files"));
    }

    @Test
    void demoImageAsOciLayoutWithZstdLayers(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("demo-oci");
        DemoImage.builder().compression(LayerCompression.ZSTD).writeOciLayout(dir, "1.0");
        JsonNode doc = report("oci:" + dir + ":1.0");
        // the same files as the docker-archive: only storage (compression, digests, media types) differs
        assertThat(doc.path("layers").get(0).path("compression").asText()).isEqualTo("zstd");
        compare("demo-oci-zstd.json", doc);
    }

    @Test
    void diveTestImage() throws Exception {
        Path img = Requirements.realworld("dive/test-docker-image.tar");
        compare("dive-test-docker-image.json", report(img.toString()));
    }

    private static JsonNode report(String source, String... extra) throws Exception {
        String[] args = new String[4 + extra.length];
        args[0] = "inspect";
        args[1] = source;
        args[2] = "--json";
        args[3] = "-";
        System.arraycopy(extra, 0, args, 4, extra.length);
        Jdx.Result r = Jdx.run(args);
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        JsonNode doc = JSON.readTree(r.out());
        assertThat(SchemaValidator.errors(doc)).isEmpty();
        // what legitimately varies between runs: where the file was, and the tool version
        ObjectNode image = (ObjectNode) doc.path("image");
        image.put("ref", "<ref>");
        ((ObjectNode) doc.path("tool")).put("version", "<version>");
        return doc;
    }

    private static void compare(String name, JsonNode actual) throws Exception {
        Path golden = Requirements.repoRoot().resolve("cli/src/test/resources/golden").resolve(name);
        String text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(actual) + "\n";
        if (UPDATE || !Files.exists(golden)) {
            Requirements.require(UPDATE || !Requirements.isCi(), "golden file " + golden + " is missing");
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, text, StandardCharsets.UTF_8);
        }
        assertThat(JSON.readTree(golden.toFile())).as("golden %s (regenerate with -Djdx.golden.update=true)", name)
                .isEqualTo(actual);
    }
}
