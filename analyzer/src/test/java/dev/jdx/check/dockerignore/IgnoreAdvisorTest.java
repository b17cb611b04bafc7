package dev.jdx.check.dockerignore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IgnoreAdvisorTest {
    @TempDir Path dir;

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = ';', textBlock = """
            .env;                       **/.env
            app/.env;                   **/.env
            app/.env.local;             **/.env.*
            .git/config;                **/.git
            web/node_modules/x/i.js;    **/node_modules
            certs/server.pem;           **/*.pem
            home/.ssh/id_rsa;           **/.ssh
            notes.txt;                  **/notes.txt
            """)
    void patternFor(String path, String pattern) throws Exception {
        assertThat(IgnoreAdvisor.patternFor(path)).isEqualTo(pattern);
        // the suggested pattern really excludes the path
        IgnoreFile f = IgnoreFile.parseDocker(".dockerignore", pattern);
        assertThat(new PatternMatcher(f.patterns(), PatternMatcher.Flavor.PATTERNMATCHER).matchesOrParentMatches(path)).isTrue();
    }

    @Test
    void linksAnImagePathToTheContextFile() throws Exception {
        Files.createDirectories(dir.resolve("config"));
        Files.writeString(dir.resolve("config/.env"), "SECRET=1");
        Files.writeString(dir.resolve("Dockerfile"), "FROM scratch\nCOPY . /app/\n");
        var s = IgnoreAdvisor.suggest(dir, "/app/config/.env", Builder.BUILDKIT).orElseThrow();
        assertThat(s.contextPath()).isEqualTo("config/.env");
        assertThat(s.pattern()).isEqualTo("**/.env");
        assertThat(s.alreadyExcluded()).isFalse();

        Files.writeString(dir.resolve(".dockerignore"), "*.md\nconfig\n");
        var now = IgnoreAdvisor.suggest(dir, "/app/config/.env", Builder.BUILDKIT).orElseThrow();
        assertThat(now.alreadyExcluded()).isTrue();
        assertThat(now.pattern()).isEqualTo("config");
        assertThat(now.line()).isEqualTo(2);

        var gone = IgnoreAdvisor.suggest(dir, "/srv/id_rsa", Builder.BUILDKIT).orElseThrow();
        assertThat(gone.contextPath()).isNull();
        assertThat(gone.pattern()).isEqualTo("**/id_rsa");
    }
}
