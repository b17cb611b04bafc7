package dev.jdx.index;

import static dev.jdx.index.TestImages.dir;
import static dev.jdx.index.TestImages.file;
import static dev.jdx.index.TestImages.layer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.jdx.fs.EntryType;
import dev.jdx.fs.FileEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jdx ls} of images whose tars leave directories out (found by UnpackDifferentialTest against umoci). */
class ImpliedDirectoriesTest {
    @TempDir
    static Path dir;
    static FileIndex index;
    static TestImages.TestImage sparse;
    static TestImages.TestImage emptied;

    @BeforeAll
    static void indexImages() throws IOException {
        index = FileIndex.open(dir);
        sparse = TestImages.image("sparse", List.of("sparse:1"), "root", List.of(), List.of(
                layer(0, "sp0", file("/app/sub/x", 3, "x"), file("/child/a", 1, "a"), file("/child-x/b", 1, "b"),
                        file("/child.x/c", 1, "c"), dir("/declared"), file("/declared/d", 1, "d"), file("/deep/e/f/g", 1, "g"),
                        file("/top", 1, "top")),
                layer(1, "sp1", file("/deep/e/h", 1, "h"), file("/twice", 1128, "first"), file("/twice", 345, "second"),
                        file("/re", 7, "re"), TestImages.whiteout("/re"), file("/thrice", 1, "2"), file("/thrice", 22, "1")),
                layer(2, "sp2", file("/thrice", 333, "3"))),
                "sp0", "sp1", "sp2");
        sparse.indexInto(index);
        // a later layer deletes all that was under undeclared directories, file by file: they stay, empty
        emptied = TestImages.image("emptied", List.of("emptied:1"), "root", List.of(), List.of(
                layer(0, "em0", file("/var/cache/apt/a", 1, "a"), file("/var/cache/apt/b", 1, "b"), file("/var/log/x", 1, "x"),
                        file("/opt/tool/t", 1, "t"), file("/etc/keep", 1, "k")),
                layer(1, "em1", TestImages.whiteout("/var/cache/apt/a"), TestImages.whiteout("/var/cache/apt/b"),
                        TestImages.whiteout("/var/log"), new FileEntry("/opt/tool", EntryType.OPAQUE, 0, 0, 0, 0, 0, null, null))),
                "em0", "em1");
        emptied.indexInto(index);
        // another image's directories must not show up in this one's listings
        TestImages.image("other", List.of("other:1"), "root", List.of(), List.of(
                layer(0, "ot0", file("/other/z", 1, "z"), file("/child/zz", 1, "zz"))), "ot0").indexInto(index);
    }

    @AfterAll
    static void close() throws IOException {
        index.close();
    }

    @Test
    void theRootListsUndeclaredDirectoriesBesideDeclaredEntries() throws IOException {
        Listing root = index.list(sparse.key(), "/", null, false);
        assertThat(root.entries()).extracting(FileHit::path, FileHit::type, FileHit::status).containsExactly(
                tuple("/app", "dir", "implied"), tuple("/child", "dir", "implied"), tuple("/child-x", "dir", "implied"),
                tuple("/child.x", "dir", "implied"), tuple("/declared", "dir", "added"), tuple("/deep", "dir", "implied"), tuple("/re", "file", "added"),
                tuple("/thrice", "file", "modified"), tuple("/top", "file", "added"), tuple("/twice", "file", "added"));
    }

    @Test
    void anUndeclaredDirectoryIsListedAndListsWhatIsInIt() throws IOException {
        Listing deep = index.list(sparse.key(), "/deep", null, false);
        assertThat(deep.self()).extracting(FileHit::type, FileHit::status, FileHit::layer).containsExactly("dir", "implied", 0);
        assertThat(deep.entries()).extracting(FileHit::path).containsExactly("/deep/e");
        assertThat(index.list(sparse.key(), "/deep/e", null, false).entries()).extracting(FileHit::path)
                .containsExactly("/deep/e/f", "/deep/e/h");
        assertThat(index.list(sparse.key(), "/child", null, false).entries()).extracting(FileHit::path).containsExactly("/child/a");
        assertThatThrownBy(() -> index.list(sparse.key(), "/other", null, false)).isInstanceOf(ImageNotIndexedException.class);
        assertThatThrownBy(() -> index.list(sparse.key(), "/dee", null, false)).isInstanceOf(ImageNotIndexedException.class);
    }

    @Test
    void aRecursiveListingHasEveryDirectoryOnce() throws IOException {
        Listing all = index.list(sparse.key(), "/deep", null, true);
        assertThat(all.entries()).extracting(FileHit::path, FileHit::type).containsExactly(
                tuple("/deep/e", "dir"), tuple("/deep/e/f", "dir"), tuple("/deep/e/f/g", "file"), tuple("/deep/e/h", "file"));
    }

    /** Found by UnpackDifferentialTest: the path's entry is the one that counts (tar order), not the sort's last. */
    @Test
    void aPathWrittenTwiceInALayerIsListedAsItsLastWrite() throws IOException {
        Listing l = index.list(sparse.key(), "/twice", 1, false);
        assertThat(l.self()).extracting(FileHit::size, FileHit::status).containsExactly(345L, "added");
        assertThat(index.list(sparse.key(), "/twice", null, false).self().size()).isEqualTo(345L);
        // a whiteout of the layers below beside the layer's own new file: the file is the path (whatever the order)
        assertThat(index.list(sparse.key(), "/re", 1, false).self()).extracting(FileHit::type, FileHit::size).containsExactly("file", 7L);
        // the layer's listing of its directory shows both writes, the first one shadowed by the second
        assertThat(index.list(sparse.key(), "/", 1, false).entries()).filteredOn(h -> h.path().equals("/twice"))
                .extracting(FileHit::size, FileHit::status).containsExactlyInAnyOrder(tuple(1128L, "shadowed"), tuple(345L, "added"));
        // both writes shadowed, the first by its own layer, the second by the next: the second is the layer's (the
        // contents make the first write sort last among the path's records, where a tie would pick it)
        assertThat(index.list(sparse.key(), "/thrice", 1, false).self()).extracting(FileHit::size, FileHit::statusText)
                .containsExactly(22L, "shadowed by 2");
        assertThat(index.list(sparse.key(), "/", 1, false).entries()).filteredOn(h -> h.path().equals("/thrice"))
                .extracting(FileHit::size, FileHit::shadowedBy).containsExactlyInAnyOrder(tuple(1L, 1), tuple(22L, 2));
    }

    @Test
    void oneLayersListingImpliesItsOwnDirectories() throws IOException {
        Listing l = index.list(sparse.key(), "/deep", 1, false);
        assertThat(l.self().status()).isEqualTo("implied");
        assertThat(l.entries()).extracting(FileHit::path, FileHit::layer).containsExactly(tuple("/deep/e", 1));
        assertThatThrownBy(() -> index.list(sparse.key(), "/app", 1, false)).isInstanceOf(ImageNotIndexedException.class);
    }

    /** Found by UnpackDifferentialTest: an undeclared directory emptied by a later layer is still on disk. */
    @Test
    void anUndeclaredDirectoryEmptiedByALaterLayerIsStillListed() throws Exception {
        assertThat(index.list(emptied.key(), "/", null, false).entries()).extracting(FileHit::path, FileHit::status)
                .containsExactly(tuple("/etc", "implied"), tuple("/opt", "implied"), tuple("/var", "implied"));
        assertThat(index.list(emptied.key(), "/var", null, false).entries()).extracting(FileHit::path).containsExactly("/var/cache");
        Listing apt = index.list(emptied.key(), "/var/cache/apt", null, false);
        assertThat(apt.self()).extracting(FileHit::type, FileHit::status, FileHit::layer, FileHit::inFinal)
                .containsExactly("dir", "implied", 0, true);
        assertThat(apt.entries()).isEmpty();
        // its own opaque marker empties a directory but keeps it; a whiteout of the directory removes it
        assertThat(index.list(emptied.key(), "/opt/tool", null, false).self().status()).isEqualTo("implied");
        assertThatThrownBy(() -> index.list(emptied.key(), "/var/log", null, false)).isInstanceOf(ImageNotIndexedException.class);
        assertThat(index.list(emptied.key(), "/var", null, true).entries()).extracting(FileHit::path)
                .containsExactly("/var/cache", "/var/cache/apt");
        assertThat(index.search(FileQuery.of("status:implied")).hits()).extracting(FileHit::path)
                .containsExactlyInAnyOrder("/opt/tool", "/var/cache/apt");
    }
}
