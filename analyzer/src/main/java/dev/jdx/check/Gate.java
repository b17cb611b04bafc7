package dev.jdx.check;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The quality gate: applies a {@link Policy} to an image's measures and findings. Pure; the caller writes every
 * report first and then turns {@link GateResult#passed()} into the exit code.
 */
public final class Gate {
    private Gate() {}

    /**
     * Evaluates the policy.
     *
     * @param checks   every check that ran (before the policy's overrides)
     * @param findings raw findings of those checks
     */
    public static GateResult evaluate(Policy policy, Measures m, List<Check> checks, List<Finding> findings) {
        List<GateResult.Threshold> t = new ArrayList<>();
        if (policy.diveCi() != null) dive(policy.diveCi(), m, t);
        if (policy.minEfficiency() != null) {
            double lim = policy.minEfficiency();
            t.add(threshold("minEfficiency", "jdx", m.efficiency() < lim, m.efficiency(), lim, ratio(m.efficiency()), ">= " + ratio(lim), "efficiency"));
        }
        if (policy.maxReclaimableBytes() != null) {
            long lim = policy.maxReclaimableBytes();
            t.add(threshold("maxReclaimableBytes", "jdx", m.reclaimableBytes() > lim, m.reclaimableBytes(), lim,
                    bytes(m.reclaimableBytes()), "<= " + bytes(lim), "reclaimable bytes"));
        }
        if (policy.maxUserReclaimableRatio() != null) {
            double lim = policy.maxUserReclaimableRatio();
            t.add(threshold("maxUserReclaimableRatio", "jdx", m.userReclaimableRatio() > lim, m.userReclaimableRatio(), lim,
                    ratio(m.userReclaimableRatio()), "<= " + ratio(lim), "reclaimable ratio above the base"));
        }
        if (policy.maxImageSize() != null) {
            long lim = policy.maxImageSize();
            t.add(threshold("maxImageSize", "jdx", m.imageSize() > lim, m.imageSize(), lim, bytes(m.imageSize()), "<= " + bytes(lim), "image size"));
        }
        if (policy.maxLayers() != null) {
            int lim = policy.maxLayers();
            t.add(threshold("maxLayers", "jdx", m.layers() > lim, m.layers(), lim, Integer.toString(m.layers()), "<= " + lim, "layers"));
        }
        List<Finding> graded = new ArrayList<>(policy.checks().apply(findings));
        graded.sort(Comparator.comparing(Finding::severity).reversed().thenComparing(Finding::checkId));
        List<Check> ran = new ArrayList<>();
        for (Check c : checks) {
            if (policy.checks().disabled().contains(c.id())) continue;
            Severity s = policy.checks().severityOverrides().getOrDefault(c.id(), c.severity());
            ran.add(new Check(c.id(), s, c.title(), c.why(), c.fix()));
        }
        boolean passed = t.stream().allMatch(GateResult.Threshold::passed)
                && (policy.failOn() == null || graded.stream().noneMatch(f -> f.severity().atLeast(policy.failOn())));
        return new GateResult(passed, policy.source(), policy.failOn(), t, graded, ran);
    }

    /** dive's three rules, with dive's strict comparisons and messages. */
    private static void dive(Policy.DiveCiRules r, Measures m, List<GateResult.Threshold> t) {
        if (r.lowestEfficiency() == null) t.add(skip("lowestEfficiency"));
        else {
            double lim = r.lowestEfficiency();
            boolean fail = lim > m.diveEfficiency();
            t.add(new GateResult.Threshold("lowestEfficiency", "dive", fail ? GateResult.Status.FAIL : GateResult.Status.PASS,
                    m.diveEfficiency(), lim, num(m.diveEfficiency()), ">= " + num(lim),
                    fail ? "image efficiency is too low (efficiency=" + num(m.diveEfficiency()) + " < threshold=" + num(lim) + ")"
                            : "efficiency=" + num(m.diveEfficiency()) + " >= threshold=" + num(lim)));
        }
        if (r.highestWastedBytes() == null) t.add(skip("highestWastedBytes"));
        else {
            long lim = r.highestWastedBytes();
            boolean fail = m.diveWastedBytes() > lim;
            t.add(new GateResult.Threshold("highestWastedBytes", "dive", fail ? GateResult.Status.FAIL : GateResult.Status.PASS,
                    m.diveWastedBytes(), lim, bytes(m.diveWastedBytes()), "<= " + bytes(lim),
                    fail ? "too many bytes wasted (wasted-bytes=" + m.diveWastedBytes() + " > threshold=" + lim + ")"
                            : "wasted-bytes=" + m.diveWastedBytes() + " <= threshold=" + lim));
        }
        if (r.highestUserWastedPercent() == null) t.add(skip("highestUserWastedPercent"));
        else {
            double lim = r.highestUserWastedPercent();
            double v = m.diveUserWastedRatio();
            boolean fail = v > lim; // NaN (0/0) passes, +Inf fails, as Go compares
            t.add(new GateResult.Threshold("highestUserWastedPercent", "dive", fail ? GateResult.Status.FAIL : GateResult.Status.PASS,
                    v, lim, num(v), "<= " + num(lim),
                    fail ? "too many bytes wasted, relative to the user bytes added (%-user-wasted-bytes=" + num(v) + " > threshold=" + num(lim) + ")"
                            : "%-user-wasted-bytes=" + num(v) + " <= threshold=" + num(lim)));
        }
    }

    private static GateResult.Threshold skip(String name) {
        return new GateResult.Threshold(name, "dive", GateResult.Status.SKIP, Double.NaN, Double.NaN, "-", "disabled", "rule disabled");
    }

    private static GateResult.Threshold threshold(String name, String origin, boolean fail, double value, double limit,
                                                  String valueText, String limitText, String what) {
        return new GateResult.Threshold(name, origin, fail ? GateResult.Status.FAIL : GateResult.Status.PASS, value, limit,
                valueText, limitText, what + " " + valueText + (fail ? " violates " : " satisfies ") + limitText);
    }

    /** Shortest decimal form, as Go's %v prints a float64. */
    static String num(double d) {
        if (Double.isNaN(d)) return "NaN";
        if (Double.isInfinite(d)) return d > 0 ? "+Inf" : "-Inf";
        String s = Double.toString(d);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    private static String ratio(double d) {
        return String.format(Locale.ROOT, "%.4f", d);
    }

    private static String bytes(long b) {
        return ByteSize.format(b) + " (" + b + " bytes)";
    }
}
