package dev.jdx.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The index options of commands that index what they read ({@code jdx inspect}): {@code --index DIR} and {@code --no-index}. */
public final class IndexingOptions {
    @Mixin
    IndexOptions index = new IndexOptions();

    @Option(names = "--no-index", description = "Do not add the image to the index.")
    boolean noIndex;

    public boolean enabled() {
        return !noIndex;
    }

    public IndexOptions index() {
        return index;
    }
}
