package dev.jdx.cli;

/** A command-line mistake found after parsing (conflicting options, bad values): exit 2. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
