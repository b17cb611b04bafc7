package dev.jdx.report;

import dev.jdx.analysis.WastedPath;
import dev.jdx.check.Check;
import dev.jdx.check.Finding;
import dev.jdx.check.GateResult;
import dev.jdx.check.Measures;
import java.util.ArrayList;
import java.util.List;

/** Turns the gate's engine objects into the report's plain view records. */
public final class GateViews {
    private GateViews() {}

    /** {@code report} with the gate's findings, verdict, thresholds, checks, figures and the largest waste. */
    public static Report attach(Report report, GateResult gate, Measures m, List<WastedPath> topWaste) {
        List<Report.FindingInfo> findings = new ArrayList<>();
        for (Finding f : gate.findings()) findings.add(finding(f, gate.fails(f)));
        List<Report.ThresholdInfo> thresholds = new ArrayList<>();
        for (GateResult.Threshold t : gate.thresholds()) {
            thresholds.add(new Report.ThresholdInfo(t.name(), t.origin(), t.status().name(), finite(t.value()),
                    finite(t.limit()), t.valueText(), t.limitText(), t.message()));
        }
        List<Report.CheckInfo> checks = new ArrayList<>();
        for (Check c : gate.checks()) {
            List<Finding> of = gate.findingsOf(c.id());
            checks.add(new Report.CheckInfo(c.id(), c.title(), c.severity().label(), of.size(),
                    of.stream().anyMatch(gate::fails), c.why(), c.fix()));
        }
        Report.Figures figures = new Report.Figures(m.imageSize(), m.layers(), m.efficiency(), m.reclaimableBytes(),
                m.userReclaimableRatio(), m.diveEfficiency(), m.diveWastedBytes(), finite(m.diveUserWastedRatio()));
        List<Report.WasteInfo> waste = topWaste.stream()
                .map(w -> new Report.WasteInfo(w.path(), w.bytes(), w.writtenBy(), w.discardedBy(), w.reason().label()))
                .toList();
        Report.GateInfo info = new Report.GateInfo(gate.verdict(), gate.policy(),
                gate.failOn() == null ? null : gate.failOn().label(), thresholds, checks, figures, waste);
        return report.withGate(findings, info);
    }

    static Report.FindingInfo finding(Finding f, boolean fails) {
        return new Report.FindingInfo(f.checkId(), f.severity().label(), f.message(), f.file(), f.line(), f.imagePath(),
                f.layer(), fails, f.why(), f.fix());
    }

    /** JSON has no NaN or infinity: an undefined figure is null. */
    private static Double finite(double d) {
        return Double.isFinite(d) ? d : null;
    }
}
