package dev.jdx.image.source.daemon;

import dev.jdx.image.source.SourceUnavailableException;

/** The daemon is running but has no image by that name; a registry may have it. */
public final class DaemonImageNotFoundException extends SourceUnavailableException {
    public DaemonImageNotFoundException(String message) {
        super(message);
    }
}
