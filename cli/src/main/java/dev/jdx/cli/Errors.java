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
        err.println(line((code == ExitCode.INTERNAL ? "internal error: " : "") + message(t)));
        if (debug || code == ExitCode.INTERNAL) {
            if (debug) t.printStackTrace(err);
            else err.println("jdx: run again with --debug for the stack trace, and please report it");
        }
        err.flush();
        return code;
    }

    /**
     * {@code jdx: } and the first line of {@code message}, every jdx error and warning goes through here. Control and
     * invisible formatting characters that a message quotes from the user's input (a tab or carriage return in a
     * pattern, a bidi override or NUL in a file name) are shown as escapes, so an error is always one visible line and
     * never rewrites the terminal.
     */
    static String line(String message) {
        String m = message == null ? "" : message;
        int nl = m.indexOf('\n');
        if (nl >= 0) m = m.substring(0, nl);
        StringBuilder b = new StringBuilder(m.length() + 8).append("jdx: ");
        for (int i = 0; i < m.length(); ) {
            int c = m.codePointAt(i);
            i += Character.charCount(c);
            int type = Character.getType(c);
            if (c == '\r') b.append("\\r");
            else if (c == '\t') b.append("\\t");
            else if (Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR) b.append(String.format("\\u%04x", c));
            else b.appendCodePoint(c);
        }
        return b.toString();
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
        return m; // line() keeps the first line
    }
}
