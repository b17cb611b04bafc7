package dev.jdx.check;

import java.util.List;

/**
 * The gate's decision and every part of it: each threshold with its value and limit, the findings after the
 * policy's overrides, which of them fail the gate, and every check that ran.
 *
 * @param passed     true when no threshold failed and no finding reached {@code failOn}
 * @param policy     where the policy came from
 * @param failOn     the failing severity, or null when findings never fail the gate
 * @param thresholds every threshold rule evaluated (skipped dive rules included)
 * @param findings   every finding after disabling and re-grading, sorted most severe first
 * @param checks     every check that ran, with the policy's severity
 */
public record GateResult(boolean passed, String policy, Severity failOn, List<Threshold> thresholds,
                         List<Finding> findings, List<Check> checks) {

    public GateResult {
        thresholds = List.copyOf(thresholds);
        findings = List.copyOf(findings);
        checks = List.copyOf(checks);
    }

    /** PASS or FAIL. */
    public String verdict() {
        return passed ? "PASS" : "FAIL";
    }

    /** True when {@code f} makes the gate fail. */
    public boolean fails(Finding f) {
        return failOn != null && f.severity().atLeast(failOn);
    }

    /** The findings that make the gate fail. */
    public List<Finding> failingFindings() {
        return findings.stream().filter(this::fails).toList();
    }

    /** The findings of check {@code id}. */
    public List<Finding> findingsOf(String id) {
        return findings.stream().filter(f -> f.checkId().equals(id)).toList();
    }

    /** How a threshold turned out. */
    public enum Status { PASS, FAIL, SKIP }

    /**
     * One threshold rule evaluated.
     *
     * @param name       the rule's name as configured ({@code minEfficiency}, {@code lowestEfficiency}, ...)
     * @param origin     {@code jdx} or {@code dive} (whose figures and semantics)
     * @param status     pass, fail, or skip (a dive rule that is disabled)
     * @param value      the measured value (NaN when undefined, as dive's 0/0)
     * @param limit      the configured limit (NaN when skipped)
     * @param valueText  the value as shown to people
     * @param limitText  the limit as shown, with its comparison ({@code >= 0.9}, {@code <= 20.0 MB})
     * @param message    one line: what was compared and the outcome
     */
    public record Threshold(String name, String origin, Status status, double value, double limit, String valueText,
                            String limitText, String message) {
        public boolean passed() {
            return status != Status.FAIL;
        }
    }
}
