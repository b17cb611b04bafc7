package dev.jdx.html;

import java.util.List;

/**
 * The verdict of a policy gate.
 *
 * @param policy  which policy applied (a file name or {@code default})
 * @param reasons why it failed (empty when passed)
 */
public record GateView(boolean passed, String policy, List<String> reasons) {
    public GateView {
        reasons = List.copyOf(reasons);
    }

    public String verdict() {
        return passed ? "passed" : "failed";
    }
}
