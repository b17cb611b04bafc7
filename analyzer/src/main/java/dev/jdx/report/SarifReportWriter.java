package dev.jdx.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes a {@link Report}'s findings as SARIF 2.1.0 for code-scanning tools: one rule per check that ran (with
 * its help text and default level), one result per finding, located at the Dockerfile line for build findings and
 * at the image path (plus the layer as a logical location) for image findings, at the image itself for findings
 * about its configuration. The gate's verdict goes into the
 * invocation ({@code exitCode} 0 or 1) and the run's properties.
 */
public final class SarifReportWriter {
    static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

    public void write(Report report, OutputStream out) throws IOException {
        ObjectMapper m = JsonReportWriter.mapper();
        ObjectNode root = m.createObjectNode();
        root.put("$schema", SCHEMA);
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "jdx");
        driver.put("version", report.tool().version());
        driver.put("informationUri", "https://github.com/jdx-dev/jdx");
        ArrayNode rules = driver.putArray("rules");
        Map<String, Integer> ruleIndex = new HashMap<>();
        Report.GateInfo gate = report.gate();
        if (gate != null) {
            for (Report.CheckInfo c : gate.checks()) {
                ruleIndex.put(c.id(), ruleIndex.size());
                ObjectNode r = rules.addObject();
                r.put("id", c.id());
                r.put("name", ruleName(c.title()));
                r.putObject("shortDescription").put("text", c.title());
                r.putObject("fullDescription").put("text", c.why());
                r.putObject("help").put("text", c.why() + " Fix: " + c.fix())
                        .put("markdown", "**Why:** " + c.why() + "\n\n**Fix:** " + c.fix());
                r.putObject("defaultConfiguration").put("level", level(c.severity()));
                ObjectNode props = r.putObject("properties");
                props.put("severity", c.severity());
                props.putArray("tags").add(c.id().startsWith("JDX-I") ? "container-image" : "dockerfile").add("jdx");
            }
        }
        ArrayNode results = run.putArray("results");
        if (report.findings() != null) {
            for (Report.FindingInfo f : report.findings()) {
                ObjectNode r = results.addObject();
                r.put("ruleId", f.checkId());
                Integer idx = ruleIndex.get(f.checkId());
                if (idx != null) r.put("ruleIndex", idx);
                r.put("level", level(f.severity()));
                r.putObject("message").put("text", f.message());
                ObjectNode loc = r.putArray("locations").addObject();
                if (f.file() != null) {
                    ObjectNode phys = loc.putObject("physicalLocation");
                    phys.putObject("artifactLocation").put("uri", f.file());
                    if (f.line() != null) phys.putObject("region").put("startLine", f.line());
                } else if (f.imagePath() != null) {
                    ObjectNode phys = loc.putObject("physicalLocation");
                    phys.putObject("artifactLocation").put("uri", uri(f.imagePath()));
                } else {
                    // image-wide (config) findings: located at the image analysed, since code-scanning uploads
                    // want a physical location on every result
                    ObjectNode phys = loc.putObject("physicalLocation");
                    String ref = report.image() == null ? "image" : report.image().ref();
                    phys.putObject("artifactLocation").put("uri", ref.startsWith("/") ? "file:///" + uri(ref) : uri(ref).replace(":", "%3A"));
                }
                ArrayNode logical = loc.putArray("logicalLocations");
                ObjectNode img = logical.addObject();
                String ref = report.image() == null ? "image" : report.image().ref();
                if (f.layer() != null) {
                    img.put("name", "layer " + f.layer()).put("fullyQualifiedName", ref + "/layer " + f.layer()).put("kind", "module");
                } else {
                    img.put("name", ref).put("kind", "module");
                }
                ObjectNode props = r.putObject("properties");
                props.put("severity", f.severity());
                props.put("failsGate", f.failsGate());
            }
        }
        ObjectNode inv = run.putArray("invocations").addObject();
        inv.put("executionSuccessful", true);
        if (gate != null) {
            inv.put("exitCode", "PASS".equals(gate.verdict()) ? 0 : 1);
            ObjectNode props = run.putObject("properties");
            props.put("verdict", gate.verdict());
            props.put("policy", gate.policy());
            if (gate.failOn() != null) props.put("failOn", gate.failOn());
        }
        m.writeValue(out, root);
        out.write('\n');
        out.flush();
    }

    /** SARIF levels: error for high and critical, warning for medium, note below. */
    static String level(String severity) {
        return switch (severity) {
            case "critical", "high" -> "error";
            case "medium" -> "warning";
            default -> "note";
        };
    }

    /** An image path as a relative URI reference, percent-encoding what a URI may not hold. */
    static String uri(String imagePath) {
        String p = imagePath.startsWith("/") ? imagePath.substring(1) : imagePath;
        StringBuilder b = new StringBuilder();
        for (byte c : p.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int u = c & 0xff;
            if (u > 32 && u < 127 && "\"<>\\^`{|}%#?[] ".indexOf(u) < 0) b.append((char) u);
            else b.append('%').append(String.format("%02X", u));
        }
        return b.isEmpty() ? "." : b.toString();
    }

    /** A rule's name in SARIF's PascalCase convention. */
    private static String ruleName(String title) {
        StringBuilder b = new StringBuilder();
        for (String w : title.split("[^A-Za-z0-9]+")) {
            if (w.isEmpty()) continue;
            b.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1));
        }
        return b.toString();
    }
}
