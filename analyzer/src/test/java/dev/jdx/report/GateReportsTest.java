package dev.jdx.report;

import static dev.jdx.fixtures.ImageBuilder.image;
import static dev.jdx.fixtures.LayerBuilder.layer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.jdx.check.Check;
import dev.jdx.check.Finding;
import dev.jdx.check.Gate;
import dev.jdx.check.GateResult;
import dev.jdx.check.Policy;
import dev.jdx.check.Severity;
import dev.jdx.check.dockerfile.BuildChecks;
import dev.jdx.check.image.ImageCheckOptions;
import dev.jdx.check.image.ImageChecks;
import dev.jdx.check.image.ImageFacts;
import dev.jdx.fixtures.ImageBuilder;
import dev.jdx.fs.LayerScanner;
import dev.jdx.fs.LayerStack;
import dev.jdx.fs.ScanOptions;
import dev.jdx.fs.ScanResult;
import dev.jdx.image.Image;
import dev.jdx.image.source.ImageSelection;
import dev.jdx.image.source.ImageSource;
import dev.jdx.image.source.ImageSources;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * SARIF, JUnit, Markdown and JSON written from one gated report: each valid (SARIF against the official SARIF
 * 2.1.0 rtm.5 schema and a stricter hand-written subset, JUnit against a hand-written subset XSD of the Jenkins /
 * Surefire format, JSON against the published report schema) and all giving the same verdict.
 */
class GateReportsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n";

    @TempDir Path tmp;

    record Written(Report report, GateResult gate, JsonNode json, JsonNode sarif, Document junit, String junitText, String markdown) {}

    Written run(ImageBuilder b, Policy policy) throws Exception {
        Path tar = tmp.resolve("img.tar");
        b.writeDockerArchive(tar, "test/gate:1");
        try (ImageSource src = ImageSources.open(tar.toString())) {
            Image img = src.resolve(ImageSelection.defaults());
            ScanResult scan = new LayerScanner(ScanOptions.defaults().withThreads(1).withCapture(ImageFacts.capture()))
                    .scan(img, ImageSelection.defaults().verification());
            LayerStack stack = LayerStack.build(scan.layers());
            ImageFacts facts = ImageFacts.of(img, scan, stack);
            List<Finding> findings = new ArrayList<>(ImageChecks.run(facts, ImageCheckOptions.defaults(LocalDate.of(2026, 11, 26))));
            findings.add(BuildChecks.P013.at("Dockerfile", 3, "the final stage has no USER"));
            List<Check> checks = new ArrayList<>(ImageChecks.ALL);
            checks.addAll(BuildChecks.ALL);
            GateResult g = Gate.evaluate(policy, facts.measures(), checks, findings);
            Report r = GateViews.attach(new ReportBuilder("test", false).build(img, stack, List.of()), g, facts.measures(),
                    facts.waste().stream().limit(10).toList());
            ByteArrayOutputStream json = new ByteArrayOutputStream(), sarif = new ByteArrayOutputStream(),
                    junit = new ByteArrayOutputStream(), md = new ByteArrayOutputStream();
            new JsonReportWriter().write(r, json);
            new SarifReportWriter().write(r, sarif);
            new JunitReportWriter().write(r, junit);
            new MarkdownReportWriter().write(r, md);
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(junit.toByteArray()));
            return new Written(r, g, JSON.readTree(json.toByteArray()), JSON.readTree(sarif.toByteArray()), doc,
                    junit.toString(StandardCharsets.UTF_8), md.toString(StandardCharsets.UTF_8));
        }
    }

    static ImageBuilder rootWithKey() {
        return image().layer(layer().dir("/etc").file("/etc/os-release", "ID=debian\nVERSION_ID=12\n"))
                .layer(layer().dir("/root").dir("/root/.ssh").file("/root/.ssh/id_ed25519", KEY))
                .layer(layer().dir("/opt").file("/opt/a", 4096, 1))
                .layer(layer().whiteout("/opt/a"));
    }

    static ImageBuilder clean() {
        return image().user("app").healthcheck(List.of("CMD", "true"), 30, 5, 0, 3)
                .layer(layer().dir("/etc").file("/etc/os-release", "ID=debian\nVERSION_ID=12\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fail-findings", "fail-threshold", "pass"})
    void everyOutputGivesTheSameVerdict(String scenario) throws Exception {
        Written w = switch (scenario) {
            case "fail-findings" -> run(rootWithKey(), Policy.none().withFailOn(Severity.HIGH));
            case "fail-threshold" -> run(rootWithKey(), Policy.diveDefaults());
            default -> run(clean(), Policy.none().withFailOn(Severity.HIGH));
        };
        String verdict = w.gate().verdict();
        assertThat(verdict).isEqualTo(scenario.equals("pass") ? "PASS" : "FAIL");
        assertThat(w.json().at("/gate/verdict").asText()).isEqualTo(verdict);
        assertThat(w.sarif().at("/runs/0/properties/verdict").asText()).isEqualTo(verdict);
        assertThat(w.sarif().at("/runs/0/invocations/0/exitCode").asInt()).isEqualTo(verdict.equals("PASS") ? 0 : 1);
        int failures = Integer.parseInt(w.junit().getDocumentElement().getAttribute("failures"));
        assertThat(failures > 0).isEqualTo(verdict.equals("FAIL"));
        Matcher m = Pattern.compile("(?m)^\\*\\*Verdict: (PASS|FAIL)\\*\\*").matcher(w.markdown());
        assertThat(m.find()).as(w.markdown()).isTrue();
        assertThat(m.group(1)).isEqualTo(verdict);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void sarifIsValidAndLocatesFindings(boolean failing) throws Exception {
        Written w = run(failing ? rootWithKey() : clean(), Policy.none().withFailOn(Severity.HIGH));
        Set<ValidationMessage> errors;
        try (InputStream in = getClass().getResourceAsStream("sarif-2.1.0-subset.schema.json")) {
            errors = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(JSON.readTree(in)).validate(w.sarif());
        }
        assertThat(errors).as(w.sarif().toPrettyString()).isEmpty();
        // the official OASIS SARIF 2.1.0 (rtm.5) schema, as shipped in npm @microsoft/jest-sarif 1.0.0-beta.0
        try (InputStream in = getClass().getResourceAsStream("sarif-2.1.0-rtm.5.json")) {
            errors = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(JSON.readTree(in)).validate(w.sarif());
        }
        assertThat(errors).as("official schema").isEmpty();
        // and the schema does reject a broken log (a result without its required message, an unknown level)
        JsonNode broken = w.sarif().deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) broken.at("/runs/0")).putArray("results").addObject().put("level", "fatal");
        try (InputStream in = getClass().getResourceAsStream("sarif-2.1.0-rtm.5.json")) {
            assertThat(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(JSON.readTree(in)).validate(broken)).isNotEmpty();
        }
        JsonNode run = w.sarif().at("/runs/0");
        assertThat(w.sarif().get("version").asText()).isEqualTo("2.1.0");
        assertThat(run.at("/results").size()).isEqualTo(w.gate().findings().size());
        assertThat(run.at("/tool/driver/rules").size()).isEqualTo(w.gate().checks().size());
        for (JsonNode rule : run.at("/tool/driver/rules")) {
            assertThat(rule.at("/help/text").asText()).contains("Fix:");
            assertThat(rule.at("/defaultConfiguration/level").asText()).isIn("error", "warning", "note");
        }
        for (JsonNode r : run.at("/results")) {
            assertThat(run.at("/tool/driver/rules/" + r.get("ruleIndex").asInt() + "/id").asText()).isEqualTo(r.get("ruleId").asText());
            if (r.get("ruleId").asText().equals("JDX-P013")) {
                assertThat(r.at("/locations/0/physicalLocation/artifactLocation/uri").asText()).isEqualTo("Dockerfile");
                assertThat(r.at("/locations/0/physicalLocation/region/startLine").asInt()).isEqualTo(3);
            }
            assertThat(r.at("/locations/0/physicalLocation/artifactLocation/uri").asText()).isNotEmpty();
            if (r.get("ruleId").asText().equals("JDX-I001")) {
                assertThat(r.at("/locations/0/physicalLocation/artifactLocation/uri").asText()).startsWith("file:///").endsWith("/img.tar");
            }
            if (r.get("ruleId").asText().equals("JDX-I004")) {
                assertThat(r.at("/locations/0/physicalLocation/artifactLocation/uri").asText()).isEqualTo("root/.ssh/id_ed25519");
                assertThat(r.at("/locations/0/logicalLocations/0/name").asText()).isEqualTo("layer 1");
                assertThat(r.get("level").asText()).isEqualTo("error");
            }
        }
        if (failing) assertThat(run.at("/results").findValuesAsText("ruleId")).contains("JDX-I001", "JDX-I004", "JDX-P013");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void junitIsValidWithOneCasePerThresholdAndCheck(boolean failing) throws Exception {
        Written w = run(failing ? rootWithKey() : clean(), Policy.diveDefaults().withFailOn(Severity.HIGH));
        SchemaFactory sf = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        sf.newSchema(getClass().getResource("junit-subset.xsd")).newValidator()
                .validate(new StreamSource(new ByteArrayInputStream(w.junitText().getBytes(StandardCharsets.UTF_8))));
        NodeList cases = w.junit().getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(w.gate().thresholds().size() + w.gate().checks().size());
        long failingThresholds = w.gate().thresholds().stream().filter(t -> t.status() == GateResult.Status.FAIL).count();
        long failingChecks = w.gate().checks().stream().filter(c -> w.gate().findingsOf(c.id()).stream().anyMatch(w.gate()::fails)).count();
        assertThat(w.junit().getElementsByTagName("failure").getLength()).isEqualTo((int) (failingThresholds + failingChecks));
        assertThat(Integer.parseInt(w.junit().getDocumentElement().getAttribute("failures"))).isEqualTo((int) (failingThresholds + failingChecks));
        NodeList failures = w.junit().getElementsByTagName("failure");
        for (int i = 0; i < failures.getLength(); i++) {
            Element f = (Element) failures.item(i);
            assertThat(f.getAttribute("message")).isNotBlank();
            assertThat(f.getTextContent()).isNotBlank();
        }
        if (failing) {
            assertThat(w.junitText()).contains("name=\"JDX-I004 Private key in the image\"")
                    .contains("/root/.ssh/id_ed25519 holds a private key");
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void jsonWithGateFollowsTheSchema(boolean failing) throws Exception {
        Written w = run(failing ? rootWithKey() : clean(), Policy.diveDefaults().withFailOn(Severity.MEDIUM));
        try (InputStream in = Report.class.getResourceAsStream("/dev/jdx/report/report.schema.json")) {
            var errors = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(JSON.readTree(in)).validate(w.json());
            assertThat(errors).isEmpty();
        }
        assertThat(w.json().at("/findings").size()).isEqualTo(w.gate().findings().size());
        assertThat(w.json().at("/gate/thresholds/0/name").asText()).isEqualTo("lowestEfficiency");
        assertThat(w.json().at("/gate/figures/layers").asInt()).isEqualTo(failing ? 4 : 1);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void markdownFitsAPullRequestComment(boolean failing) throws Exception {
        Written w = run(failing ? rootWithKey() : clean(), Policy.diveDefaults().withFailOn(Severity.HIGH));
        assertThat(w.markdown()).contains("| Size | Layers | Efficiency |").contains("### Findings")
                .contains("| lowestEfficiency |");
        assertThat(w.markdown().lines().count()).isLessThan(80);
        if (failing) assertThat(w.markdown()).contains("### Top waste").contains("`/opt/a`").contains("**high**");
    }
}
