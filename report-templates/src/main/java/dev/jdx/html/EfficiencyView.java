package dev.jdx.html;

/**
 * The efficiency gauge: how much of the image's bytes survive into the final filesystem.
 *
 * @param score            0..1 (dive's efficiency: 1 = nothing wasted)
 * @param wastedBytes      bytes written by a layer and then overwritten or deleted by a later one
 * @param reclaimableBytes bytes a rebuild could save (wasted plus duplicates), at least {@code wastedBytes}
 * @param totalBytes       the image's content size the score is relative to
 */
public record EfficiencyView(double score, long wastedBytes, long reclaimableBytes, long totalBytes) {

    /** The gauge arc's circumference in SVG user units (r = 52): the dash array is computed from it. */
    static final double CIRCUMFERENCE = 2 * Math.PI * 52;

    public EfficiencyView {
        if (!(score >= 0 && score <= 1)) throw new IllegalArgumentException("efficiency score must be in 0..1: " + score);
    }

    public String percent() {
        return Format.percent(score);
    }

    public String wastedHuman() {
        return Format.bytes(wastedBytes);
    }

    public String reclaimableHuman() {
        return Format.bytes(reclaimableBytes);
    }

    public String totalHuman() {
        return Format.bytes(totalBytes);
    }

    /** {@code stroke-dasharray} of the filled arc: score × circumference, then the rest. */
    public String dashArray() {
        double filled = score * CIRCUMFERENCE;
        return String.format(java.util.Locale.ROOT, "%.2f %.2f", filled, CIRCUMFERENCE - filled);
    }

    /** good (≥ 95 %), fair (≥ 80 %) or poor: a CSS class and a word, never colour alone. */
    public String rating() {
        return score >= 0.95 ? "good" : score >= 0.80 ? "fair" : "poor";
    }
}
