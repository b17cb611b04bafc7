package dev.jdx.analysis;

/**
 * One stored copy of a file that the final filesystem does not show.
 *
 * @param path           the path as the writing layer stored it
 * @param bytes          its size
 * @param writtenBy      the layer that stored it
 * @param discardedBy    the layer that overwrote or removed it (equal to writtenBy when the layer wrote the path
 *                       twice)
 * @param reason         how it was discarded
 */
public record WastedPath(String path, long bytes, int writtenBy, int discardedBy, Reason reason) {

    /** How a stored copy came to be invisible. */
    public enum Reason {
        /** A later layer wrote the path with different content. */
        OVERWRITTEN,
        /** A later layer wrote the same content again with other metadata (chmod, chown, touch). */
        METADATA_CHANGED,
        /** The same layer wrote the path again later in its tar. */
        REWRITTEN_IN_LAYER,
        /** A whiteout removed the file. */
        DELETED,
        /** A whiteout removed a directory above the file. */
        DELETED_WITH_DIRECTORY,
        /** An opaque marker hid the directory's earlier contents. */
        HIDDEN_BY_OPAQUE_DIRECTORY,
        /** A non-directory replaced a directory above the file. */
        PARENT_REPLACED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }
}
