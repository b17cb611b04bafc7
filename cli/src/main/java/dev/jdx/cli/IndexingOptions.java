package dev.jdx.cli;

import dev.jdx.fs.LayerStack;
import dev.jdx.index.FileIndex;
import dev.jdx.index.ImageDocument;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The index options of commands that index what they read ({@code jdx inspect}): {@code --index DIR} and {@code --no-index}. */
public final class IndexingOptions {
    @Mixin
    IndexOptions index = new IndexOptions();

    @Option(names = "--no-index", description = "Do not add the image to the index (jdx search / images / ls read it).")
    boolean noIndex;

    public boolean enabled() {
        return !noIndex;
    }

    public IndexOptions index() {
        return index;
    }

    /**
     * Adds an inspected image to the index unless {@code --no-index}. The index is a by-product of inspecting: when it
     * cannot be written (lock timeout, disk full) this says so on {@code err} as a warning and returns false, and the
     * inspection's own result stands.
     */
    public boolean indexImage(PrintWriter err, ImageDocument image, LayerStack stack) {
        if (noIndex) return false;
        try (FileIndex fi = index.open(err)) {
            fi.index(image, stack);
            return true;
        } catch (IOException e) {
            warnNotIndexed(err, e);
            return false;
        }
    }

    /** The warning of an inspection whose image could not be indexed (its own result stands). */
    static void warnNotIndexed(PrintWriter err, IOException e) {
        err.println(Errors.line("warning: the image was not indexed: " + e.getMessage()));
        err.flush();
    }
}
