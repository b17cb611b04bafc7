package dev.jdx.fs;

import dev.jdx.image.Compression;
import dev.jdx.image.Digest;
import java.util.List;
import java.util.Objects;

/**
 * What one streaming pass over one layer found: its entries in tar order and facts about the stream. A value class
 * like a record (same accessors, equality of all six values), but the entry totals are summed once here: the
 * analysis, the reports and the index ask for them about ten times per layer, each a pass over every entry.
 */
public final class LayerContents {
    private final int index;
    private final List<FileEntry> entries;
    private final Compression compression;
    private final long storedBytes;
    private final long tarBytes;
    private final Digest diffId;
    private final long entryBytes;
    private final int fileCount;

    /**
     * @param index       layer position, 0 = bottom
     * @param entries     every tar entry (whiteout and opaque markers included, as {@link EntryType#WHITEOUT} /
     *                    {@link EntryType#OPAQUE}), in tar order
     * @param compression detected from the blob's magic bytes
     * @param storedBytes bytes of the blob as stored (compressed)
     * @param tarBytes    bytes of the uncompressed tar stream (what the diff_id hashes)
     * @param diffId      sha256 of the uncompressed tar stream as actually read
     */
    public LayerContents(int index, List<FileEntry> entries, Compression compression, long storedBytes, long tarBytes,
                         Digest diffId) {
        this.index = index;
        this.entries = List.copyOf(entries);
        this.compression = compression;
        this.storedBytes = storedBytes;
        this.tarBytes = tarBytes;
        this.diffId = diffId;
        long bytes = 0;
        int files = 0;
        for (FileEntry e : this.entries) {
            bytes += e.size();
            if (!e.type().isMarker()) files++;
        }
        this.entryBytes = bytes;
        this.fileCount = files;
    }

    public int index() {
        return index;
    }

    public List<FileEntry> entries() {
        return entries;
    }

    public Compression compression() {
        return compression;
    }

    public long storedBytes() {
        return storedBytes;
    }

    public long tarBytes() {
        return tarBytes;
    }

    public Digest diffId() {
        return diffId;
    }

    /** Sum of the tar-header sizes of the layer's entries: the layer size as dive defines it. */
    public long entryBytes() {
        return entryBytes;
    }

    /** Number of entries that are not whiteout / opaque markers. */
    public int fileCount() {
        return fileCount;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LayerContents l && index == l.index && storedBytes == l.storedBytes && tarBytes == l.tarBytes
                && entries.equals(l.entries) && compression == l.compression && Objects.equals(diffId, l.diffId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, entries, compression, storedBytes, tarBytes, diffId);
    }

    @Override
    public String toString() {
        return "LayerContents[index=" + index + ", entries=" + entries.size() + ", compression=" + compression
                + ", storedBytes=" + storedBytes + ", tarBytes=" + tarBytes + ", diffId=" + diffId + "]";
    }
}
