package dev.jdx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContextCommandTest {
    @TempDir Path dir;

    @BeforeEach
    void context() throws Exception {
        Files.writeString(dir.resolve("Dockerfile"), "FROM scratch\nCOPY . /\n");
        Files.createDirectories(dir.resolve("src/lib"));
        Files.writeString(dir.resolve("src/a.py"), "12345");
        Files.writeString(dir.resolve("src/lib/b.py"), "1234567");
        Files.writeString(dir.resolve("notes.txt"), "abc");
        Files.writeString(dir.resolve(".dockerignore"), "src\n!**/*.py\n");
    }

    private static List<String> paths(JsonNode root) {
        List<String> out = new ArrayList<>();
        root.get("files").forEach(f -> out.add(f.get("path").asText()));
        return out;
    }

    @Test
    void jsonListsExactlyWhatEachBuilderSends() throws Exception {
        CliRun bk = CliRun.of(new ContextCommand(), dir.toString(), "--json");
        assertThat(bk.exit()).isEqualTo(ExitCode.OK);
        JsonNode root = new ObjectMapper().readTree(bk.out());
        assertThat(paths(root)).containsExactly(".dockerignore", "Dockerfile", "notes.txt", "src/a.py", "src/lib/b.py");
        assertThat(root.get("builder").asText()).isEqualTo("buildkit");
        assertThat(root.get("ignoreFile").asText()).isEqualTo(".dockerignore");
        long sum = 0;
        for (JsonNode f : root.get("files")) sum += f.get("size").asLong();
        assertThat(root.get("totalBytes").asLong()).isEqualTo(sum)
                .isEqualTo(Files.size(dir.resolve("Dockerfile")) + Files.size(dir.resolve(".dockerignore")) + 3 + 5 + 7);

        JsonNode legacy = new ObjectMapper().readTree(CliRun.of(new ContextCommand(), dir.toString(), "--json", "--builder", "legacy").out());
        assertThat(paths(legacy)).containsExactly(".dockerignore", "Dockerfile", "notes.txt");
        assertThat(legacy.get("builder").asText()).isEqualTo("legacy");
    }

    @Test
    void textEndsWithTotals() {
        CliRun r = CliRun.of(new ContextCommand(), dir.toString(), "--builder", "legacy");
        assertThat(r.out()).contains("notes.txt").doesNotContain("src/").contains("3 files,").contains("legacy builder; ignore file: .dockerignore");
    }

    @Test
    void errors() throws Exception {
        assertThat(CliRun.of(new ContextCommand(), dir.toString(), "--builder", "nope").exit()).isEqualTo(ExitCode.USAGE);
        Files.writeString(dir.resolve(".dockerignore"), "a\n\n[x\n");
        CliRun bad = CliRun.of(new ContextCommand(), dir.toString());
        assertThat(bad.exit()).isEqualTo(ExitCode.INPUT);
        assertThat(bad.err()).startsWith("jdx: .dockerignore:3: syntax error in pattern").hasLineCount(1);
        assertThat(CliRun.of(new ContextCommand(), dir.resolve("missing").toString()).exit()).isEqualTo(ExitCode.INPUT);
    }
}
