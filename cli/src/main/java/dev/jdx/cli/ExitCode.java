package dev.jdx.cli;

/** The documented exit codes of every jdx command (README "Exit codes"). */
public final class ExitCode {
    private ExitCode() {}

    /** Success; a gate, if any, passed. */
    public static final int OK = 0;
    /** A gate or a check threshold failed ({@code --fail-on}, policy, {@code .dive-ci}). */
    public static final int GATE_FAILED = 1;
    /** Bad command line or configuration: unknown option, bad value, ambiguous selection, query syntax error, a policy (.jdx.yaml) or .dive-ci file with an unknown key or a bad value. */
    public static final int USAGE = 2;
    /** Bad input: unreadable or corrupt image, digest mismatch, registry, daemon or authentication error. */
    public static final int INPUT = 3;
    /** A bug in jdx: an unexpected exception. */
    public static final int INTERNAL = 4;
}
