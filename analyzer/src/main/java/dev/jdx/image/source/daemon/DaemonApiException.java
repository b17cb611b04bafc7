package dev.jdx.image.source.daemon;

import java.io.IOException;

/**
 * The daemon answered, but not usefully: an error status with its JSON {@code message}, an API version outside what
 * jdx speaks, a malformed HTTP response, or a stream that ended early.
 */
public final class DaemonApiException extends IOException {
    public DaemonApiException(String message) {
        super(message);
    }

    public DaemonApiException(String message, Throwable cause) {
        super(message, cause);
    }
}
