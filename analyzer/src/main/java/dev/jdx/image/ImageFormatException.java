package dev.jdx.image;

import java.io.IOException;

/** The bytes are not a readable image: wrong format, missing or malformed metadata, unsafe paths, truncation. */
public class ImageFormatException extends IOException {
    public ImageFormatException(String message) {
        super(message);
    }

    public ImageFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
