package dev.jdx.check.image;

import dev.jdx.analysis.AnalysisCapture;
import dev.jdx.analysis.DiveFigures;
import dev.jdx.analysis.Efficiency;
import dev.jdx.analysis.ImageFigures;
import dev.jdx.analysis.OsInfo;
import dev.jdx.analysis.WastedPath;
import dev.jdx.fs.CapturedFiles;
import dev.jdx.fs.ContentCapture;
import dev.jdx.fs.FileTree;
import dev.jdx.fs.LayerStack;
import dev.jdx.fs.ScanResult;
import dev.jdx.image.Image;
import dev.jdx.image.ImageConfig.RuntimeConfig;
import java.util.List;
import java.util.Objects;

/**
 * What the image checks and the gate look at: the runtime config, the stacked layers with their final tree, the
 * captured file contents, dive's figures, jdx's waste and the OS.
 *
 * @param config     the container defaults ({@link RuntimeConfig#EMPTY} when the config has none)
 * @param stack      the layers stacked, with the final filesystem
 * @param captured   file contents kept by {@link #capture()}
 * @param dive       the figures dive computes (for {@code .dive-ci} rules)
 * @param efficiency jdx's reclaimable-waste figures
 * @param waste      every wasted stored copy, biggest first
 * @param os         the detected OS, or {@link OsInfo#UNKNOWN}
 */
public record ImageFacts(RuntimeConfig config, LayerStack stack, CapturedFiles captured, DiveFigures dive,
                         Efficiency efficiency, List<WastedPath> waste, OsInfo os) {

    public ImageFacts {
        config = config == null ? RuntimeConfig.EMPTY : config;
        Objects.requireNonNull(stack, "stack");
        captured = captured == null ? CapturedFiles.NONE : captured;
        waste = List.copyOf(waste);
        os = os == null ? OsInfo.UNKNOWN : os;
    }

    /** The capture a scan needs for these facts: the analysis metadata files plus the secret candidates. */
    public static ContentCapture capture() {
        return ContentCapture.union(AnalysisCapture.INSTANCE, SecretCapture.INSTANCE);
    }

    /**
     * Derives the facts from a scan made with {@link #capture()}. The bottom layer counts as the base (dive's
     * convention) until base-image detection gives a better boundary.
     */
    /**
     * The facts of an image already analysed: the report's own dive figures, efficiency (with the detected base
     * boundary) and OS, so the gate judges exactly the numbers the report shows and dive's walk is not redone.
     * The full list of wasted copies (for path excludes) is the analysis' own too.
     */
    public static ImageFacts of(Image image, ScanResult scan, LayerStack stack, dev.jdx.analysis.Analysis analysis) {
        if (analysis == null) return of(image, scan, stack);
        RuntimeConfig rc = image.config() == null ? null : image.config().config();
        return new ImageFacts(rc, stack, scan.captured(), analysis.dive(), analysis.efficiency(), analysis.allWaste(), analysis.os());
    }

    public static ImageFacts of(Image image, ScanResult scan, LayerStack stack) {
        int base = Math.min(1, scan.layers().size());
        ImageFigures.Waste w = ImageFigures.waste(stack, base, Integer.MAX_VALUE);
        RuntimeConfig rc = image.config() == null ? null : image.config().config();
        return new ImageFacts(rc, stack, scan.captured(), ImageFigures.dive(scan.layers()), w.efficiency(), w.top(),
                ImageFigures.os(stack, scan.captured()));
    }

    public FileTree finalTree() {
        return stack.finalTree();
    }

    /** Number of filesystem layers. */
    public int layerCount() {
        return stack.layers().size();
    }

    /** Σ tar-header sizes of every layer: the uncompressed image size as dive and docker count it. */
    public long imageSize() {
        return efficiency.totalLayerBytes();
    }

    /** The figures the gate's thresholds compare. */
    public dev.jdx.check.Measures measures() {
        double userRatio = dive.userSizeBytes() == 0
                ? (dive.wastedBytes() == 0 ? Double.NaN : Double.POSITIVE_INFINITY) // Go's float division by zero
                : (double) dive.wastedBytes() / (double) dive.userSizeBytes();
        return new dev.jdx.check.Measures(dive.efficiency(), dive.wastedBytes(), userRatio, efficiency.score(),
                efficiency.reclaimableBytes(), efficiency.userReclaimableRatio(), imageSize(), layerCount());
    }
}
