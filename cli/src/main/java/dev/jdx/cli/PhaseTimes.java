package dev.jdx.cli;

import java.io.PrintStream;

/**
 * Wall time of each phase of a command, printed on stderr when {@code JDX_TIMINGS=1} is set: where a slow inspect
 * spends its time, without a profiler. Off by default; costs one {@code nanoTime} per phase.
 */
final class PhaseTimes {
    private static final boolean ON = "1".equals(System.getenv("JDX_TIMINGS")) || Boolean.getBoolean("jdx.timings");
    private final PrintStream err;
    private final long start = System.nanoTime();
    private long last = start;

    PhaseTimes(PrintStream err) {
        this.err = err;
    }

    /** Ends a phase: prints its name, its duration and the time since the command began, in milliseconds. */
    void mark(String phase) {
        if (!ON) return;
        long now = System.nanoTime();
        err.printf("jdx: timing: %-10s %7d ms  (at %d ms)%n", phase, (now - last) / 1_000_000, (now - start) / 1_000_000);
        last = now;
    }

    /** Prints a fact that explains the times (which gzip decoder ran, say). */
    void note(String what) {
        if (ON) err.println("jdx: timing: " + what);
    }
}
