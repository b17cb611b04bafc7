package dev.jdx.check;

/** A policy or {@code .dive-ci} file that cannot be used: the message names the file, the line and what is wrong. */
public final class PolicyException extends IllegalArgumentException {
    public PolicyException(String message) {
        super(message);
    }
}
