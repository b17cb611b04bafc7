package dev.jdx.image.source.daemon;

import dev.jdx.image.source.SourceUnavailableException;

/** The daemon cannot be reached: no socket, nothing listening, connection refused. Another source may be tried. */
public class DaemonUnavailableException extends SourceUnavailableException {
    public DaemonUnavailableException(String message) {
        super(message);
    }
}
