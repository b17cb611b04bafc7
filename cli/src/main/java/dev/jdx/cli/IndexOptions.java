package dev.jdx.cli;

import dev.jdx.index.FileIndex;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The options every command that reads or writes the index shares ({@code --index DIR}, {@code --index-lock-timeout});
 * a picocli mixin.
 */
public final class IndexOptions {
    @Option(names = "--index", paramLabel = "DIR",
            description = "The index directory (default: $XDG_CACHE_HOME/jdx/index, else ~/.cache/jdx/index).")
    Path index;

    @Option(names = "--index-lock-timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "How long to wait for another jdx writing the index (default: ${DEFAULT-VALUE}).")
    int lockTimeoutSeconds = 60;

    /** The index directory in effect. */
    public Path directory() {
        return index != null ? index : FileIndex.defaultDirectory();
    }

    /** Opens the index; while another jdx holds the write lock, says so once on {@code err}. */
    public FileIndex open(PrintWriter err) {
        if (lockTimeoutSeconds < 0) throw new IllegalArgumentException("--index-lock-timeout must not be negative");
        return FileIndex.open(directory(), Duration.ofSeconds(lockTimeoutSeconds), m -> {
            err.println(Errors.line(m));
            err.flush();
        });
    }
}
