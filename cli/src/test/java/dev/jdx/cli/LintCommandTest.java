package dev.jdx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jdx.check.dockerfile.BuildChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LintCommandTest {
    @TempDir Path dir;
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-26T00:00:00Z"), ZoneOffset.UTC);

    @BeforeEach
    void context() throws Exception {
        Files.writeString(dir.resolve("Dockerfile"), """
                FROM debian:9
                RUN apt-get update
                COPY app.py /app/
                CMD python /app/app.py
                """);
        Files.writeString(dir.resolve("app.py"), "print('hi')\n");
        Files.writeString(dir.resolve(".dockerignore"), "*.log # logs\n");
    }

    private CliRun lint(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = dir.toString();
        System.arraycopy(args, 0, all, 1, args.length);
        return CliRun.of(new LintCommand(clock), all);
    }

    @Test
    void printsFindingsGroupedByFile() {
        CliRun r = lint();
        assertThat(r.exit()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).contains(".dockerignore\n  1     medium   JDX-D003")
                .contains("Dockerfile\n  1     high     JDX-B005  FROM debian:9: debian 9 (stretch) reached end of life on 2022-06-30 (end-of-life table of 2026-11-01)")
                .contains("JDX-P001").contains("JDX-P011").contains("JDX-P013")
                .contains("fix: ");
        assertThat(r.out().indexOf(".dockerignore")).isLessThan(r.out().indexOf("Dockerfile\n"));
        assertThat(r.err()).isEmpty();
    }

    @Test
    void jsonCarriesEveryField() throws Exception {
        CliRun r = lint("--json");
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertThat(root.get("builder").asText()).isEqualTo("buildkit");
        assertThat(root.get("ignoreFile").asText()).isEqualTo(".dockerignore");
        JsonNode eol = null;
        for (JsonNode f : root.get("findings")) if (f.get("checkId").asText().equals("JDX-B005")) eol = f;
        assertThat(eol).isNotNull();
        assertThat(eol.get("severity").asText()).isEqualTo("high");
        assertThat(eol.get("file").asText()).isEqualTo("Dockerfile");
        assertThat(eol.get("line").asInt()).isEqualTo(1);
        assertThat(eol.get("why").asText()).isEqualTo(BuildChecks.B005.why());
        assertThat(eol.get("fix").asText()).isEqualTo(BuildChecks.B005.fix());
        assertThat(root.get("summary").get("high").asInt()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void failOnAndDisable() {
        assertThat(lint("--fail-on", "high").exit()).isEqualTo(ExitCode.GATE_FAILED);
        assertThat(lint("--fail-on", "critical").exit()).isEqualTo(ExitCode.OK);
        CliRun r = lint("--fail-on", "high", "--disable", "JDX-B005");
        assertThat(r.exit()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).doesNotContain("JDX-B005");
        assertThat(lint("--fail-on", "high", "--disable", "jdx-b005", "--severity", "JDX-P001=critical").exit()).isEqualTo(ExitCode.GATE_FAILED);
    }

    @Test
    void inlineSuppression() throws Exception {
        Files.writeString(dir.resolve("Dockerfile"), "# jdx ignore=JDX-B005\nFROM debian:9\nUSER app\n");
        CliRun r = lint();
        assertThat(r.out()).doesNotContain("JDX-B005");
    }

    @Test
    void configurableRegistryAndDigest() throws Exception {
        Files.writeString(dir.resolve("Dockerfile"), "FROM quay.io/org/app:1.2\nUSER app\n");
        assertThat(lint().out()).doesNotContain("JDX-B004").doesNotContain("JDX-B003");
        CliRun r = lint("--trusted-registry", "*.example.com,docker.io", "--require-digest");
        assertThat(r.out()).contains("JDX-B004").contains("quay.io").contains("JDX-B003");
        assertThat(lint("--trusted-registry", "quay.*").out()).doesNotContain("JDX-B004");
    }

    @Test
    void listChecksNamesEveryCheck() {
        CliRun r = CliRun.of(new LintCommand(clock), "--list-checks");
        assertThat(r.exit()).isEqualTo(ExitCode.OK);
        for (var c : BuildChecks.ALL) assertThat(r.out()).contains(c.id());
    }

    @Test
    void errorsAreOneLineWithTheRightExitCode() throws Exception {
        CliRun missing = CliRun.of(new LintCommand(clock), dir.resolve("nope").toString());
        assertThat(missing.exit()).isEqualTo(ExitCode.INPUT);
        assertThat(missing.err()).startsWith("jdx: ").contains("nope").hasLineCount(1);

        Files.writeString(dir.resolve(".dockerignore"), "ok\n!\n");
        CliRun bad = lint();
        assertThat(bad.exit()).isEqualTo(ExitCode.INPUT);
        assertThat(bad.err()).isEqualTo("jdx: .dockerignore:2: illegal exclusion pattern: \"!\"\n");

        CliRun noDockerfile = lint("-f", dir.resolve("Nope.Dockerfile").toString());
        assertThat(noDockerfile.exit()).isEqualTo(ExitCode.INPUT);
        assertThat(noDockerfile.err()).startsWith("jdx: reading Dockerfile").hasLineCount(1);

        assertThat(lint("--fail-on", "severe").exit()).isEqualTo(ExitCode.USAGE);
        assertThat(lint("--disable", "JDX-X999").err()).contains("unknown check id");
        assertThat(lint("--builder", "kaniko").exit()).isEqualTo(ExitCode.USAGE);
        assertThat(lint("--no-such-option").exit()).isEqualTo(ExitCode.USAGE);
    }
}
