package dev.jdx.image.source.daemon;

import java.io.IOException;

/** The daemon endpoint configuration (environment, Docker config or context) is unusable. */
public final class DaemonConfigException extends IOException {
    public DaemonConfigException(String message) {
        super(message);
    }
}
