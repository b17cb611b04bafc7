package dev.jdx.analysis;

/**
 * What one layer changed, relative to the layers below it.
 *
 * @param index            layer position, 0 = bottom
 * @param createdBy        the cleaned build step that produced it (see {@link BuildStep}), or null without history
 * @param sizeBytes        Σ tar-header sizes (dive's layer size)
 * @param storedBytes      the blob's size as stored (compressed)
 * @param entries          tar entries, markers included
 * @param added            paths that did not exist below (directories included)
 * @param addedBytes       their bytes
 * @param modified         non-directory paths that replaced something below (directories that only re-declare a
 *                         parent of a new file are not counted)
 * @param modifiedBytes    bytes of the replacing copies
 * @param removed          entries of lower layers this layer removed (whiteouts, opaque directories, directories
 *                         replaced by files), counted per removed non-directory entry
 * @param removedBytes     their bytes (still stored in the lower layers)
 * @param discardedLaterBytes bytes of this layer that upper layers (or this layer itself) discard
 */
public record LayerSummary(int index, String createdBy, long sizeBytes, long storedBytes, int entries, int added,
                           long addedBytes, int modified, long modifiedBytes, int removed, long removedBytes,
                           long discardedLaterBytes) {}
