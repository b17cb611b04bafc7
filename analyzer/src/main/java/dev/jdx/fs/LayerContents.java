package dev.jdx.fs;

import dev.jdx.image.Compression;
import dev.jdx.image.Digest;
import java.util.List;

/**
 * What one streaming pass over one layer found: its entries in tar order and facts about the stream.
 *
 * @param index        layer position, 0 = bottom
 * @param entries      every tar entry (whiteout and opaque markers included, as {@link EntryType#WHITEOUT} /
 *                     {@link EntryType#OPAQUE}), in tar order
 * @param compression  detected from the blob's magic bytes
 * @param storedBytes  bytes of the blob as stored (compressed)
 * @param tarBytes     bytes of the uncompressed tar stream (what the diff_id hashes)
 * @param diffId       sha256 of the uncompressed tar stream as actually read
 */
public record LayerContents(int index, List<FileEntry> entries, Compression compression, long storedBytes,
                            long tarBytes, Digest diffId) {

    public LayerContents {
        entries = List.copyOf(entries);
    }

    /** Sum of the tar-header sizes of the layer's entries: the layer size as dive defines it. */
    public long entryBytes() {
        long s = 0;
        for (FileEntry e : entries) s += e.size();
        return s;
    }

    /** Number of entries that are not whiteout / opaque markers. */
    public int fileCount() {
        int n = 0;
        for (FileEntry e : entries) if (!e.type().isMarker()) n++;
        return n;
    }
}
