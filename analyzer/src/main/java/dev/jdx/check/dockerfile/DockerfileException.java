package dev.jdx.check.dockerfile;

import java.io.IOException;

/** A Dockerfile that cannot be read or parsed (unterminated heredoc, bad directive), with file and line. */
public final class DockerfileException extends IOException {
    public DockerfileException(String message) {
        super(message);
    }
}
