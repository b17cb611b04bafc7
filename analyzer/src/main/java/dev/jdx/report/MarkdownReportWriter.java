package dev.jdx.report;

import dev.jdx.analysis.Sizes;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Writes a summary sized for a pull-request comment or a GitHub job summary: the verdict, size and efficiency,
 * each threshold, the most severe findings and the largest waste (at most {@link #TOP} rows each).
 */
public final class MarkdownReportWriter {
    static final int TOP = 10;

    public void write(Report report, OutputStream out) throws IOException {
        PrintWriter w = new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8));
        Report.GateInfo g = report.gate();
        String ref = report.image() == null ? "image" : report.image().ref();
        String verdict = g == null ? "NOT EVALUATED" : g.verdict();
        w.println("## " + ("PASS".equals(verdict) ? "✅" : "FAIL".equals(verdict) ? "❌" : "ℹ️") + " jdx: `" + cell(ref) + "`");
        w.println();
        w.println("**Verdict: " + verdict + "**" + (g == null ? "" : " (policy: " + cell(g.policy())
                + (g.failOn() != null ? ", fail on " + g.failOn() + " and above" : "") + ")"));
        w.println();
        if (g != null) {
            Report.Figures f = g.figures();
            w.println("| Size | Layers | Efficiency | Reclaimable | dive efficiency | dive wasted |");
            w.println("|---:|---:|---:|---:|---:|---:|");
            w.printf(Locale.ROOT, "| %s | %d | %.2f %% | %s | %.2f %% | %s |%n", Sizes.human(f.imageSize()), f.layers(),
                    f.efficiency() * 100, Sizes.human(f.reclaimableBytes()), f.diveEfficiency() * 100, Sizes.human(f.diveWastedBytes()));
            w.println();
            if (!g.thresholds().isEmpty()) {
                w.println("### Thresholds");
                w.println();
                w.println("| Rule | Value | Limit | Result |");
                w.println("|---|---:|---:|---|");
                for (Report.ThresholdInfo t : g.thresholds()) {
                    w.println("| " + t.name() + " | " + cell(t.valueText()) + " | " + cell(t.limitText()) + " | "
                            + switch (t.status()) { case "FAIL" -> "❌ FAIL"; case "SKIP" -> "SKIP"; default -> "✅ PASS"; } + " |");
                }
                w.println();
            }
        }
        List<Report.FindingInfo> findings = report.findings() == null ? List.of() : report.findings();
        long failing = findings.stream().filter(Report.FindingInfo::failsGate).count();
        w.println("### Findings (" + findings.size() + (failing > 0 ? ", " + failing + " failing the gate" : "") + ")");
        w.println();
        if (findings.isEmpty()) w.println("No findings.");
        else {
            w.println("| Severity | Check | Where | Finding |");
            w.println("|---|---|---|---|");
            for (Report.FindingInfo f : findings.stream().limit(TOP).toList()) {
                String where = f.file() != null ? f.file() + (f.line() != null ? ":" + f.line() : "")
                        : f.imagePath() != null ? f.imagePath() + (f.layer() != null ? " (layer " + f.layer() + ")" : "") : "";
                w.println("| " + (f.failsGate() ? "**" + f.severity() + "**" : f.severity()) + " | " + f.checkId() + " | "
                        + (where.isEmpty() ? "" : "`" + cell(where) + "`") + " | " + cell(f.message()) + " |");
            }
            if (findings.size() > TOP) w.println("\n… and " + (findings.size() - TOP) + " more (see the SARIF or JSON report).");
        }
        w.println();
        if (g != null && g.topWaste() != null && !g.topWaste().isEmpty()) {
            w.println("### Top waste");
            w.println();
            w.println("| Path | Size | Written by | Discarded by |");
            w.println("|---|---:|---:|---|");
            for (Report.WasteInfo x : g.topWaste().stream().limit(TOP).toList()) {
                w.println("| `" + cell(x.path()) + "` | " + Sizes.human(x.bytes()) + " | layer " + x.writtenBy() + " | layer "
                        + x.discardedBy() + " (" + x.reason() + ") |");
            }
            w.println();
        }
        w.flush();
    }

    /** Text safe inside a table cell. */
    private static String cell(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("`", "'").replace("\n", " ");
    }
}
