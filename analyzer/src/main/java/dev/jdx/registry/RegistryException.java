package dev.jdx.registry;

import java.io.IOException;

/** A registry answered with an error, or could not be reached; the message names registry, repository and what was fetched. */
public class RegistryException extends IOException {
    private final ErrorCode code;
    private final int status;

    public RegistryException(ErrorCode code, int status, String message) {
        super(message);
        this.code = code;
        this.status = status;
    }

    public RegistryException(ErrorCode code, int status, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.status = status;
    }

    public ErrorCode code() {
        return code;
    }

    /** The HTTP status, or 0 when no response came. */
    public int status() {
        return status;
    }
}
