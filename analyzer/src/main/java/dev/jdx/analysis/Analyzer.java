package dev.jdx.analysis;

import dev.jdx.fs.CapturedFiles;
import dev.jdx.fs.LayerContents;
import dev.jdx.fs.LayerStack;
import dev.jdx.image.Image;
import dev.jdx.image.ImageConfig;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Runs every analysis over one scanned image. Pure: the same inputs give the same {@link Analysis}; nothing is
 * read from disk or network. The scanner must have been run with {@link AnalysisCapture#INSTANCE} (or a capture
 * that keeps at least the same files) for OS and package results.
 */
public final class Analyzer {
    /** How many rows the "largest", "duplicates" and "top waste" lists keep by default. */
    public static final int DEFAULT_TOP = 20;

    private final int top;

    public Analyzer() {
        this(DEFAULT_TOP);
    }

    /** @param top how many rows the largest-files, duplicates and top-waste lists keep */
    public Analyzer(int top) {
        if (top < 0) throw new IllegalArgumentException("top must be >= 0, got " + top);
        this.top = top;
    }

    public Analysis analyze(Image image, List<LayerContents> layers, CapturedFiles captured) {
        return analyze(image, LayerStack.build(layers), captured, Optional.empty());
    }

    /** Runs each dive computation on a fresh daemon thread (one per analysis; the common pool may be busy). */
    private static final java.util.concurrent.Executor DIVE = r -> {
        Thread t = new Thread(r, "jdx-dive");
        t.setDaemon(true);
        t.start();
    };

    /**
     * Starts dive's figures on their own thread. They need only the layers and are the largest single part of the
     * analysis (a tree per layer), so a caller that has yet to stack the layers starts them first and hands them to
     * {@link #analyze(Image, LayerStack, CapturedFiles, Optional, CompletableFuture)}.
     */
    public static CompletableFuture<DiveFigures> startDive(List<LayerContents> layers) {
        return CompletableFuture.supplyAsync(() -> DiveEfficiency.compute(layers), DIVE);
    }

    /**
     * @param stack    the image's layers stacked (pass the one the caller already built)
     * @param baseHint what the index knows about the base image, if anything
     */
    public Analysis analyze(Image image, LayerStack stack, CapturedFiles captured, Optional<BaseImageHint> baseHint) {
        return analyze(image, stack, captured, baseHint, startDive(stack.layers()));
    }

    /** As above, with dive's figures already started by {@link #startDive} on the same layers. */
    public Analysis analyze(Image image, LayerStack stack, CapturedFiles captured, Optional<BaseImageHint> baseHint,
                            CompletableFuture<DiveFigures> diveLater) {
        List<LayerContents> layers = stack.layers();
        ImageConfig config = image.config();
        ImageConfig.RuntimeConfig rc = config == null || config.config() == null ? ImageConfig.RuntimeConfig.EMPTY : config.config();

        FileContents files = new FileContents(stack.finalTree(), captured);
        OsInfo os = OsDetector.detect(files);
        Packages packages = PackageInventory.inventory(files, captured == null ? CapturedFiles.NONE : captured);

        List<BuildStep> steps = BuildScript.steps(config == null || config.history() == null ? List.of() : config.history(), layers);
        BaseImageGuess base = BaseImageDetector.detect(image.annotations(), rc.labels(), steps, layers.size(), os,
                baseHint == null ? Optional.empty() : baseHint);
        // with no base told apart, layer 0 stands for the base as dive assumes; a one-layer image has no user layers
        int baseLayers = base.layers() > 0 ? base.layers() : Math.min(1, layers.size());

        List<DuplicateGroup> allDuplicates = FinalFiles.duplicates(stack.finalTree());
        ReclaimableWaste.Result waste = ReclaimableWaste.compute(stack, baseLayers);
        Efficiency efficiency = ReclaimableWaste.efficiency(waste, stack, baseLayers, FinalFiles.sharableBytes(allDuplicates));
        List<LayerSummary> summaries = LayerSummaries.of(stack, waste, BuildScript.instructionPerLayer(steps, layers.size()));

        List<WastedPath> allWaste = waste.top(Integer.MAX_VALUE);
        RunCommand run = RunCommandBuilder.build(runReference(image), rc);
        DiveFigures dive;
        try {
            dive = diveLater.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        }
        return new Analysis(dive, efficiency, summaries, steps, BuildScript.text(steps), run, os, packages, base,
                FinalFiles.largest(stack.finalTree(), top), allDuplicates.stream().limit(top).toList(),
                allWaste.subList(0, Math.min(top, allWaste.size())), allWaste);
    }

    /** What to name the image in the run line: its first tag, else what the user typed, else its id. */
    static String runReference(Image image) {
        if (!image.repoTags().isEmpty()) return image.repoTags().get(0);
        if (image.reference() != null && !image.reference().isBlank() && !image.reference().contains("archive:")
                && !image.reference().endsWith(".tar") && !image.reference().endsWith(".tar.gz")) {
            return image.reference();
        }
        return image.configDescriptor() == null ? "IMAGE" : image.id().toString();
    }

}
