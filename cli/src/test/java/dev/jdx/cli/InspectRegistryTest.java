package dev.jdx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jdx.fixtures.DemoImage;
import dev.jdx.fixtures.RealRegistry;
import dev.jdx.fixtures.RealToolImages;
import dev.jdx.fixtures.Requirements;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code jdx inspect REF} against a real registry gives the same analysis as the archive the image came from. */
@Timeout(300)
class InspectRegistryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void registryAnalysisEqualsArchiveAnalysis(@TempDir Path tmp) throws Exception {
        String skopeo = Requirements.tool("skopeo").toString();
        Requirements.tool("docker-registry");
        Path tar = tmp.resolve("demo.tar");
        DemoImage.write(tar);
        try (RealRegistry reg = RealRegistry.startPlain()) {
            String ref = reg.host() + "/jdx/demo:1.0";
            RealToolImages.run(tmp, skopeo, "copy", "-q", "--dest-tls-verify=false", "docker-archive:" + tar, "docker://" + ref);
            Path cache = tmp.resolve("cache");
            Jdx.Result fromRegistry = Jdx.run("inspect", ref, "--cache", cache.toString(), "--json", "-", "--json-files");
            assertThat(fromRegistry.code()).as(fromRegistry.err()).isEqualTo(0);
            Jdx.Result fromArchive = Jdx.run("inspect", tar.toString(), "--json", "-", "--json-files");
            JsonNode a = JSON.readTree(fromRegistry.out());
            JsonNode b = JSON.readTree(fromArchive.out());
            assertThat(SchemaValidator.errors(a)).isEmpty();
            assertThat(a.path("image").path("source").asText()).isEqualTo("registry");
            assertThat(a.path("image").path("digest").asText()).startsWith("sha256:");
            assertThat(a.path("image").path("id")).isEqualTo(b.path("image").path("id"));
            assertThat(a.path("history")).isEqualTo(b.path("history"));
            assertThat(a.path("layers")).hasSameSizeAs(b.path("layers"));
            for (int i = 0; i < a.path("layers").size(); i++) {
                assertThat(strip(a.path("layers").get(i))).isEqualTo(strip(b.path("layers").get(i)));
            }
            // a second inspect is served from the blob cache: it works with the registry gone
            reg.stop();
            Jdx.Result cached = Jdx.run("inspect", "-q", ref + "@" + a.path("image").path("digest").asText(), "--cache", cache.toString());
            assertThat(cached.code()).as(cached.err()).isEqualTo(0);
        }
    }

    /** What legitimately differs between a registry and a docker-archive: how the blob is stored. */
    private static JsonNode strip(JsonNode layer) {
        ObjectNode o = layer.deepCopy();
        o.remove("digest");
        o.remove("mediaType");
        o.remove("compression");
        o.remove("sizeCompressed");
        return o;
    }
}
