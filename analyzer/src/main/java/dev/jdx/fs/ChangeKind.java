package dev.jdx.fs;

/** How a layer entry changes the filesystem of the layers below it. */
public enum ChangeKind {
    /** The path did not exist below. */
    ADDED,
    /** The path existed below and this entry replaces it (content, metadata or type). */
    MODIFIED,
    /** A whiteout or opaque marker: removes what lay below. */
    REMOVED;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
