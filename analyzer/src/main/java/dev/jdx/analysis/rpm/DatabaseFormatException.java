package dev.jdx.analysis.rpm;

/** A database file jdx cannot read (not that format, damaged, or a feature the reader leaves out): says what and where. */
public final class DatabaseFormatException extends Exception {
    public DatabaseFormatException(String message) {
        super(message);
    }
}
