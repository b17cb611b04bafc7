package dev.jdx.check.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdx.check.Check;
import dev.jdx.check.CheckDocs;
import dev.jdx.fixtures.Requirements;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** docs/checks.md must be exactly what the registry generates; ids are unique and well-formed. */
class ChecksDocTest {
    static final String INTRO = """
            Every check `jdx lint` runs, with its stable id and default severity. Severities can be changed and checks \
            disabled (`--severity ID=LEVEL`, `--disable ID`, later the policy file); a single finding is silenced with \
            `# jdx ignore=ID[,ID]` on the line before it (in the Dockerfile or the ignore file) or for a whole \
            Dockerfile with the `# check=skip=ID,ID` directive. `jdx lint --list-checks` prints the same list.""";

    @Test
    void docsAreCurrent() throws Exception {
        String expected = CheckDocs.markdown("jdx checks", INTRO, BuildChecks.ALL);
        Path doc = Requirements.repoRoot().resolve("docs/checks.md");
        if (Boolean.getBoolean("jdx.updateDocs")) {
            Files.createDirectories(doc.getParent());
            Files.writeString(doc, expected);
        }
        assertThat(doc).exists();
        assertThat(Files.readString(doc)).as("docs/checks.md is stale: run ChecksDocTest with -Djdx.updateDocs=true").isEqualTo(expected);
    }

    @Test
    void idsAreUniqueAndStable() {
        Set<String> ids = new HashSet<>();
        for (Check c : BuildChecks.ALL) {
            assertThat(c.id()).matches("JDX-[DBP]\\d{3}");
            assertThat(ids.add(c.id())).as("duplicate id " + c.id()).isTrue();
            assertThat(BuildChecks.byId(c.id().toLowerCase())).isSameAs(c);
        }
        assertThat(ids).hasSize(40);
    }
}
