package dev.jdx.cli;

import static dev.jdx.fixtures.ImageBuilder.image;
import static dev.jdx.fixtures.LayerBuilder.layer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jdx.fixtures.ImageBuilder;
import dev.jdx.fixtures.Requirements;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** jdx inspect as a CI gate: policy discovery, exit codes, every report written before the exit, one verdict everywhere. */
class GateCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path tmp;

    Path build(ImageBuilder b) throws Exception {
        Path tar = tmp.resolve("img.tar");
        b.writeDockerArchive(tar, "test/gate:1");
        return tar;
    }

    static ImageBuilder rootWithKey() {
        return image().layer(layer().dir("/etc").file("/etc/os-release", "ID=debian\nVERSION_ID=12\n"))
                .layer(layer().dir("/root").dir("/root/.ssh").file("/root/.ssh/id_rsa", "-----BEGIN RSA PRIVATE KEY-----\nx\n-----END RSA PRIVATE KEY-----\n"));
    }

    static ImageBuilder clean() {
        return image().user("app").healthcheck(List.of("CMD", "true"), 30, 5, 0, 3)
                .layer(layer().dir("/etc").file("/etc/os-release", "ID=debian\nVERSION_ID=12\n"));
    }

    /** Runs inspect through picocli with the working directory (for .jdx.yaml / .dive-ci discovery) set. */
    CliRun inspect(Path workingDir, String... args) {
        InspectCommand c = new InspectCommand();
        c.gate.workingDir = workingDir;
        return CliRun.of(c, args);
    }

    @ParameterizedTest
    @CsvSource({"high,FAIL,1", "critical,PASS,0", "none,PASS,0"})
    void sameVerdictFromEveryOutput(String failOn, String verdict, int exit) throws Exception {
        Path img = build(rootWithKey());
        Path json = tmp.resolve("r.json"), sarif = tmp.resolve("r.sarif"), junit = tmp.resolve("r.xml"), md = tmp.resolve("r.md");
        CliRun r = inspect(tmp, "-q", img.toString(), "--fail-on", failOn, "--json", json.toString(), "--sarif", sarif.toString(),
                "--junit", junit.toString(), "--markdown", md.toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(exit);
        assertThat(JSON.readTree(json.toFile()).at("/gate/verdict").asText()).isEqualTo(verdict);
        JsonNode s = JSON.readTree(sarif.toFile());
        assertThat(s.at("/runs/0/properties/verdict").asText()).isEqualTo(verdict);
        assertThat(s.at("/runs/0/invocations/0/exitCode").asInt()).isEqualTo(exit);
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(Files.readAllBytes(junit)));
        assertThat(Integer.parseInt(doc.getDocumentElement().getAttribute("failures")) > 0).isEqualTo(exit == 1);
        Matcher m = Pattern.compile("(?m)^\\*\\*Verdict: (PASS|FAIL)\\*\\*").matcher(Files.readString(md));
        assertThat(m.find()).isTrue();
        assertThat(m.group(1)).isEqualTo(verdict);
        assertThat(SchemaValidator.errors(JSON.readTree(json.toFile()))).isEmpty();
    }

    @Test
    void jdxYamlInTheWorkingDirectoryIsThePolicyAndTheTerminalShowsValuesAndLimits() throws Exception {
        Path img = build(clean());
        Files.writeString(tmp.resolve(".jdx.yaml"), "thresholds:\n  maxLayers: 0\n  maxImageSize: 1MB\nfailOn: high\n");
        CliRun r = inspect(tmp, "-q", img.toString(), "--ci");
        assertThat(r.exit()).isEqualTo(ExitCode.GATE_FAILED);
        assertThat(r.out()).contains("Gate (policy: .jdx.yaml):")
                .containsPattern("FAIL: maxLayers: .*\\(value 1, limit <= 0\\)")
                .containsPattern("PASS: maxImageSize: .* \\(limit <= 1.0 MB \\(1000000 bytes\\)\\)")
                .contains("PASS: findings:")
                .contains("Result:FAIL [Total:3] [Passed:2] [Failed:1]");
    }

    @Test
    void diveCiInTheWorkingDirectoryAppliesWithDivesSemantics() throws Exception {
        Path img = build(image().layer(layer().dir("/a").file("/a/f", 1000, 1)).layer(layer().dir("/a").file("/a/f", 1000, 2)));
        Files.writeString(tmp.resolve(".dive-ci"), "rules:\n  lowestEfficiency: 0.4\n  highestUserWastedPercent: disabled\n");
        CliRun r = inspect(tmp, "-q", img.toString(), "--ci");
        // dive: both copies of /a/f count as wasted, efficiency = 1000 / 2000 = 0.5 >= 0.4
        assertThat(r.out()).contains("PASS: lowestEfficiency: 0.5 (limit >= 0.4)").contains("SKIP: highestWastedBytes")
                .contains("SKIP: highestUserWastedPercent").contains("Result:PASS");
        assertThat(r.exit()).isEqualTo(ExitCode.OK);
        Files.writeString(tmp.resolve(".dive-ci"), "rules:\n  lowestEfficiency: 0.5000001\n");
        CliRun f = inspect(tmp, "-q", img.toString());
        assertThat(f.exit()).isEqualTo(ExitCode.GATE_FAILED);
        // a .jdx.yaml wins over .dive-ci
        Files.writeString(tmp.resolve(".jdx.yaml"), "failOn: critical\n");
        assertThat(inspect(tmp, "-q", img.toString()).exit()).isEqualTo(ExitCode.OK);
    }

    @Test
    void withoutPolicyOrCiModeNothingFailsAndCiModeUsesDivesDefaults() throws Exception {
        Path img = build(image().layer(layer().dir("/a").file("/a/f", 1000, 1)).layer(layer().dir("/a").file("/a/f", 1000, 2)));
        assertThat(inspect(tmp, "-q", img.toString()).exit()).isEqualTo(ExitCode.OK);
        CliRun ci = inspect(tmp, "-q", img.toString(), "--ci");
        assertThat(ci.out()).contains("Gate (policy: dive defaults):").contains("FAIL: lowestEfficiency");
        assertThat(ci.exit()).isEqualTo(ExitCode.GATE_FAILED);
    }

    @Test
    void badPolicyIsAUsageErrorNamingFileAndLineBeforeAnyWork() throws Exception {
        Path img = build(clean());
        Path policy = tmp.resolve("policy.yaml");
        Files.writeString(policy, "thresholds:\n  maxImageSize: 20XB\n");
        Jdx.Result r = Jdx.run("inspect", "-q", img.toString(), "--policy", policy.toString(), "--sarif", tmp.resolve("x.sarif").toString());
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).isEqualTo("jdx: " + policy + ":2: thresholds.maxImageSize: '20XB' is not a byte size (e.g. 20MB, 20MiB, 1.5GB, 1048576)\n");
        assertThat(tmp.resolve("x.sarif")).doesNotExist();
        assertThat(Jdx.run("inspect", "-q", img.toString(), "--fail-on", "severe").code()).isEqualTo(ExitCode.USAGE);
        assertThat(Jdx.run("inspect", "-q", img.toString(), "--policy", tmp.resolve("none.yaml").toString()).code()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void contextFindingsAreMergedWithTheirFileAndLine() throws Exception {
        Path img = build(clean());
        Path ctx = Files.createDirectories(tmp.resolve("ctx"));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM debian:latest\nRUN apt-get update\n");
        Path sarif = tmp.resolve("c.sarif");
        CliRun r = inspect(tmp, "-q", img.toString(), "--context", ctx.toString(), "--sarif", sarif.toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.OK);
        JsonNode results = JSON.readTree(sarif.toFile()).at("/runs/0/results");
        boolean found = false;
        for (JsonNode x : results) {
            if (x.get("ruleId").asText().equals("JDX-B002")) {
                found = true;
                assertThat(x.at("/locations/0/physicalLocation/artifactLocation/uri").asText()).isEqualTo("Dockerfile");
                assertThat(x.at("/locations/0/physicalLocation/region/startLine").asInt()).isEqualTo(1);
            }
        }
        assertThat(found).as(results.toPrettyString()).isTrue();
    }

    @Test
    void githubStepSummaryIsAppended() throws Exception {
        Path img = build(clean());
        Path summary = tmp.resolve("summary.md");
        Files.writeString(summary, "earlier step\n");
        String old = System.getProperty("jdx.env.GITHUB_STEP_SUMMARY");
        System.setProperty("jdx.env.GITHUB_STEP_SUMMARY", summary.toString());
        try {
            assertThat(inspect(tmp, "-q", img.toString()).exit()).isEqualTo(ExitCode.OK);
        } finally {
            if (old == null) System.clearProperty("jdx.env.GITHUB_STEP_SUMMARY");
            else System.setProperty("jdx.env.GITHUB_STEP_SUMMARY", old);
        }
        assertThat(Files.readString(summary)).startsWith("earlier step\n## ").contains("**Verdict: PASS**");
    }

    @Test
    void checksDocIsCurrent() throws Exception {
        Path doc = Requirements.repoRoot().resolve("docs/checks.md");
        String expected = ChecksCommand.markdown();
        if (Boolean.getBoolean("jdx.docs.update")) Files.writeString(doc, expected, StandardCharsets.UTF_8);
        assertThat(Files.readString(doc)).as("docs/checks.md is stale: regenerate with ./jdx checks --markdown > docs/checks.md")
                .isEqualTo(expected);
        CliRun list = CliRun.of(new ChecksCommand());
        for (var c : ChecksCommand.all()) assertThat(list.out()).contains(c.id());
    }

    @Test
    void markdownOnStdoutKeepsTheEvaluationOnStderr() throws Exception {
        Path img = build(rootWithKey());
        Jdx.Result r = Jdx.run("inspect", img.toString(), "--ci", "--fail-on", "high", "--markdown", "-");
        assertThat(r.code()).isEqualTo(ExitCode.GATE_FAILED);
        assertThat(r.out()).startsWith("## ").contains("**Verdict: FAIL**").doesNotContain("Result:FAIL");
        assertThat(r.err()).contains("FAIL high").contains("Result:FAIL");
    }
}
