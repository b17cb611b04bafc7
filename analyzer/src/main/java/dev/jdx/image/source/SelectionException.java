package dev.jdx.image.source;

import java.io.IOException;

/**
 * A failure to choose one image: the source holds several and none was named, or the named image or platform is
 * not there. The message lists what is available; the CLI maps it to exit 2 (a usage problem, not bad bytes).
 */
public class SelectionException extends IOException {
    public SelectionException(String message) {
        super(message);
    }
}
