package dev.jdx.image.source.daemon;

/** The daemon's socket exists but this user may not connect to it; the message says how to fix that. */
public final class DaemonPermissionException extends DaemonUnavailableException {
    public DaemonPermissionException(String message) {
        super(message);
    }
}
