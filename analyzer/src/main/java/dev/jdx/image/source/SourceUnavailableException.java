package dev.jdx.image.source;

import java.io.IOException;

/**
 * A source that could not serve an image and whose failure lets another source be tried: a local daemon that is not
 * running, refuses the connection, or does not have the image. Resolving a bare reference falls through to the next
 * source on this exception only; any other {@link IOException} (a daemon that answered with an error, bad bytes) stops.
 */
public class SourceUnavailableException extends IOException {
    public SourceUnavailableException(String message) {
        super(message);
    }

    public SourceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
