package dev.jdx.cli;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Entry point of the {@code jdx} launcher. */
public final class Main {
    /**
     * Lucene logs a notice about the incubating vector API on every start; it is advice for search-heavy servers,
     * noise for a command-line tool. Held in a field: java.util.logging keeps loggers only weakly.
     */
    private static final Logger LUCENE_VECTORS = Logger.getLogger("org.apache.lucene.internal.vectorization");

    private Main() {}

    public static void main(String[] args) {
        LUCENE_VECTORS.setLevel(Level.OFF);
        System.exit(JdxCommand.run(args));
    }
}
