package dev.jdx.analysis;

import java.util.List;

/**
 * The waste figures exactly as dive computes them, for users moving a {@code .dive-ci} gate to jdx.
 *
 * @param efficiency        Σ min / Σ cumulative over paths (1.0 when nothing was seen)
 * @param wastedBytes       Σ cumulative bytes of every path seen at least twice (the kept copy included)
 * @param userWastedPercent wastedBytes / userSizeBytes as a fraction (dive names it a percent); null when
 *                          userSizeBytes is 0, where dive divides by zero (see {@link #userWastedExceeds})
 * @param sizeBytes         Σ tar-header sizes of every layer
 * @param userSizeBytes     the same for every layer but the first
 * @param inefficientFiles  the paths seen at least twice, in the order dive's export and UI list them
 *                          (largest cumulative size first)
 */
public record DiveFigures(double efficiency, long wastedBytes, Double userWastedPercent, long sizeBytes,
                          long userSizeBytes, List<InefficientFile> inefficientFiles) {

    public DiveFigures {
        inefficientFiles = List.copyOf(inefficientFiles);
    }

    /** One row of dive's inefficient-file list: a path, how many layers touched it, their summed size. */
    public record InefficientFile(String path, int count, long cumulativeBytes) {}

    /** dive's {@code lowestEfficiency} rule: fails when {@code threshold > efficiency}. */
    public boolean efficiencyBelow(double threshold) {
        return threshold > efficiency;
    }

    /** dive's {@code highestWastedBytes} rule: fails when {@code wasted > threshold}. */
    public boolean wastedBytesExceed(long threshold) {
        return wastedBytes > threshold;
    }

    /**
     * dive's {@code highestUserWastedPercent} rule: fails when {@code wasted / userSize > threshold}, with Go's
     * float semantics when userSize is 0 (0/0 is NaN and passes, n/0 is +Inf and fails).
     */
    public boolean userWastedExceeds(double threshold) {
        double v = (double) wastedBytes / (double) userSizeBytes;
        return v > threshold;
    }
}
