package dev.jdx.index;

import java.io.IOException;

/** The index was written by a jdx with another document layout; the next write rebuilds it. */
public final class IndexSchemaException extends IOException {
    public IndexSchemaException(String message) {
        super(message);
    }
}
