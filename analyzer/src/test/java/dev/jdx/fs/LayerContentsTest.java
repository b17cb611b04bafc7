package dev.jdx.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jdx.image.Compression;
import dev.jdx.image.Digest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LayerContentsTest {
    private static FileEntry entry(String path, EntryType type, long size) {
        return new FileEntry(path, type, 0644, 0, 0, size, 0, null, null);
    }

    @Test
    void totalsCountEveryEntrysSizeAndEveryEntryButMarkers() {
        List<FileEntry> es = new ArrayList<>(List.of(entry("/d", EntryType.DIR, 0), entry("/d/a", EntryType.FILE, 300),
                entry("/d/b", EntryType.FILE, 12), entry("/x", EntryType.WHITEOUT, 0), entry("/d", EntryType.OPAQUE, 0),
                entry("/d/l", EntryType.SYMLINK, 0)));
        LayerContents l = new LayerContents(2, es, Compression.GZIP, 100, 2048, Digest.sha256("x"));
        assertThat(l.entryBytes()).isEqualTo(312);
        assertThat(l.fileCount()).isEqualTo(4);
        // the list is copied: the totals and the entries cannot drift apart
        es.add(entry("/d/c", EntryType.FILE, 5));
        assertThat(l.entries()).hasSize(6);
        assertThat(l.entryBytes()).isEqualTo(312);
        assertThatThrownBy(() -> l.entries().add(entry("/e", EntryType.FILE, 1))).isInstanceOf(UnsupportedOperationException.class);
        assertThat(new LayerContents(0, List.of(), Compression.NONE, 0, 0, null).fileCount()).isZero();
    }

    @Test
    void equalWhenAllSixValuesAre() {
        List<FileEntry> es = List.of(entry("/a", EntryType.FILE, 1));
        LayerContents a = new LayerContents(0, es, Compression.ZSTD, 10, 20, Digest.sha256("a"));
        assertThat(a).isEqualTo(new LayerContents(0, List.copyOf(es), Compression.ZSTD, 10, 20, Digest.sha256("a")))
                .hasSameHashCodeAs(new LayerContents(0, es, Compression.ZSTD, 10, 20, Digest.sha256("a")))
                .isNotEqualTo(new LayerContents(1, es, Compression.ZSTD, 10, 20, Digest.sha256("a")))
                .isNotEqualTo(new LayerContents(0, es, Compression.ZSTD, 10, 21, Digest.sha256("a")))
                .isNotEqualTo(new LayerContents(0, es, Compression.ZSTD, 10, 20, null));
    }
}
