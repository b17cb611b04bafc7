package dev.jdx.index;

import java.io.IOException;

/** Another process kept the index write lock longer than this one was willing to wait. */
public final class IndexLockTimeoutException extends IOException {
    public IndexLockTimeoutException(String message) {
        super(message);
    }
}
