package dev.jdx.cli;

import dev.jdx.cli.warm.WarmServer;
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
        // the launcher starts the warm server with this property (the jar's manifest grants native access only
        // to a JVM started with -jar, so the server is started through this entry point too)
        String socket = System.getProperty(WarmServer.SOCKET_PROPERTY);
        if (socket != null) {
            System.exit(WarmServer.serve(socket));
        }
        System.exit(execute(args));
    }

    private static int execute(String... args) {
        try {
            return JdxCommand.run(args);
        } catch (OutOfMemoryError e) {
            System.err.println(outOfMemoryMessage());
            return ExitCode.INTERNAL;
        }
    }

    /** What a run that ran out of heap prints. */
    public static String outOfMemoryMessage() {
        // memory grows with the number of file entries; the launcher's default heap suits ~1M entries
        long mb = Runtime.getRuntime().maxMemory() >> 20;
        return "jdx: out of memory with a " + mb + " MB heap; run again with a larger one, e.g. JDX_MAX_HEAP=2g";
    }
}
