package dev.jdx.index;

import java.time.Instant;

/**
 * An image as the index holds it: its record plus what indexing counted.
 *
 * @param document    what was recorded about the image (refs merged over every inspection)
 * @param size        sum of the layers' tar-header sizes (uncompressed content bytes, as dive counts)
 * @param storedSize  sum of the layer blob sizes as stored, or -1 when unknown
 * @param files       non-directory entries visible in the final filesystem
 * @param entries     file documents written (every entry of every layer, markers included)
 * @param indexedAt   when it was last indexed
 */
public record IndexedImage(ImageDocument document, long size, long storedSize, long files, long entries,
                           Instant indexedAt) {

    public String key() {
        return document.key();
    }

    /** The name to show: the first ref, else the short image id. */
    public String displayName() {
        return document.refs().isEmpty() ? document.id().shortHex() : document.refs().get(0);
    }
}
