package dev.jdx.check.dockerignore;

import java.io.IOException;

/** An ignore file that the builder would reject: a lone {@code !} or a malformed pattern, with file and line. */
public final class IgnoreFileException extends IOException {
    private final String file;
    private final int line;

    IgnoreFileException(String file, int line, String problem) {
        super(file + ":" + line + ": " + problem);
        this.file = file;
        this.line = line;
    }

    /** The ignore file's name relative to the context. */
    public String file() {
        return file;
    }

    /** The 1-based line of the bad pattern. */
    public int line() {
        return line;
    }
}
