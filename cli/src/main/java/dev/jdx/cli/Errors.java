package dev.jdx.cli;

import dev.jdx.image.ImageFormatException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;

/**
 * The one place that turns an exception into a one-line message and an exit code. Input problems (bad bytes,
 * network, registry, auth) exit 3; selection and usage problems 2; anything else is a bug in jdx and exits 4.
 * Stack traces only with {@code --debug}.
 */
final class Errors implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        boolean debug = JdxCommand.debug(cmd);
        Throwable t = ex instanceof UncheckedIOException u ? u.getCause() : ex;
        int code = exitCode(t);
        err.println("jdx: " + (code == ExitCode.INTERNAL ? "internal error: " : "") + message(t));
        if (debug || code == ExitCode.INTERNAL) {
            if (debug) t.printStackTrace(err);
            else err.println("jdx: run again with --debug for the stack trace, and please report it");
        }
        err.flush();
        return code;
    }

    static int exitCode(Throwable t) {
        if (t instanceof UsageException || isSelection(t)) return ExitCode.USAGE;
        if (t instanceof IOException) return ExitCode.INPUT;
        if (t instanceof IllegalArgumentException) return ExitCode.USAGE;
        return ExitCode.INTERNAL;
    }

    /** The image source's "which image?" errors (several images, absent platform) are the user's choice to make. */
    private static boolean isSelection(Throwable t) {
        return t.getClass().getSimpleName().equals("SelectionException");
    }

    static String message(Throwable t) {
        if (t instanceof NoSuchFileException n) return n.getFile() + ": no such file or directory";
        if (t instanceof AccessDeniedException a) return a.getFile() + ": permission denied";
        if (t instanceof FileNotFoundException f) return f.getMessage();
        String m = t.getMessage();
        if (m == null || m.isBlank()) m = t.getClass().getSimpleName();
        if (!(t instanceof ImageFormatException) && t.getCause() != null && t.getCause().getMessage() != null
                && !m.contains(t.getCause().getMessage())) {
            m = m + ": " + t.getCause().getMessage();
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
