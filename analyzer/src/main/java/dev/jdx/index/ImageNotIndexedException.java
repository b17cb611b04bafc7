package dev.jdx.index;

import java.io.IOException;

/** The image a command named is not in the index (or the index does not exist yet). */
public final class ImageNotIndexedException extends IOException {
    public ImageNotIndexedException(String message) {
        super(message);
    }
}
