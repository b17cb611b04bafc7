package dev.jdx.index;

import java.nio.file.Path;

/**
 * What the index holds and what it costs on disk.
 *
 * @param deletedDocuments documents deleted but not yet merged away
 */
public record IndexStats(Path directory, long images, long layerDocuments, long fileDocuments, long documents,
                         long deletedDocuments, long bytesOnDisk, int segments) {}
