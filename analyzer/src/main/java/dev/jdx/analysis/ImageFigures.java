package dev.jdx.analysis;

import dev.jdx.fs.CapturedFiles;
import dev.jdx.fs.LayerContents;
import dev.jdx.fs.LayerStack;
import java.util.List;

/**
 * A public entry point to the analysis functions the quality gate needs (dive figures, reclaimable waste, OS),
 * for callers outside this package until the {@code Analyzer} aggregate exposes them; each call is one pure
 * function over the scan.
 */
public final class ImageFigures {
    private ImageFigures() {}

    /** The waste figures exactly as dive computes them. */
    public static DiveFigures dive(List<LayerContents> layers) {
        return DiveEfficiency.compute(layers);
    }

    /** jdx's waste and the largest wasted copies (biggest first), with {@code baseLayers} bottom layers counted as base. */
    public static Waste waste(LayerStack stack, int baseLayers, int top) {
        ReclaimableWaste.Result r = ReclaimableWaste.compute(stack, baseLayers);
        // duplicate bytes do not matter to the gate; the Analyzer computes them for the report
        return new Waste(ReclaimableWaste.efficiency(r, stack, baseLayers, 0), r.top(top));
    }

    /** The OS of the final filesystem, from the release files a capture kept (see {@link AnalysisCapture}). */
    public static OsInfo os(LayerStack stack, CapturedFiles captured) {
        return OsDetector.detect(new FileContents(stack.finalTree(), captured));
    }

    /** The efficiency figures and the largest wasted copies. */
    public record Waste(Efficiency efficiency, List<WastedPath> top) {
        public Waste {
            top = List.copyOf(top);
        }
    }
}
