package dev.jdx.check;

/**
 * The image figures the gate's thresholds compare, as plain numbers (so {@code check} needs no analysis types).
 *
 * @param diveEfficiency        dive's efficiency
 * @param diveWastedBytes       dive's wasted bytes
 * @param diveUserWastedRatio   dive's wasted / user size, with Go's float semantics: NaN for 0/0, +Inf for n/0
 * @param efficiency            jdx's efficiency score
 * @param reclaimableBytes      jdx's reclaimable bytes
 * @param userReclaimableRatio  jdx's reclaimable bytes above the base per byte above the base
 * @param imageSize             Σ tar-entry sizes of every layer
 * @param layers                number of filesystem layers
 */
public record Measures(double diveEfficiency, long diveWastedBytes, double diveUserWastedRatio, double efficiency,
                       long reclaimableBytes, double userReclaimableRatio, long imageSize, int layers) {}
