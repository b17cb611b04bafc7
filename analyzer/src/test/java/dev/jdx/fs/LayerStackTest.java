package dev.jdx.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LayerStackTest {
    private static FileEntry file(String p, long size) {
        return new FileEntry(p, EntryType.FILE, 0644, 0, 0, size, 0, null, null);
    }

    private static FileEntry dir(String p) {
        return new FileEntry(p, EntryType.DIR, 0755, 0, 0, 0, 0, null, null);
    }

    private static FileEntry marker(String p, EntryType t) {
        return new FileEntry(p, t, 0, 0, 0, 0, 0, null, null);
    }

    private static LayerStack stack(List<List<FileEntry>> layers) {
        List<LayerContents> lc = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) lc.add(new LayerContents(i, layers.get(i), dev.jdx.image.Compression.NONE, 0, 0, null));
        return LayerStack.build(lc);
    }

    private static List<String> finalPaths(LayerStack s) {
        return s.finalTree().entries().stream().map(e -> e.entry().path()).toList();
    }

    @Test
    void overwriteIsModifiedAndShadowsTheLowerCopy() {
        LayerStack s = stack(List.of(List.of(dir("/a"), file("/a/x", 10)), List.of(file("/a/x", 20))));
        assertThat(s.kind(0, 1)).isEqualTo(ChangeKind.ADDED);
        assertThat(s.kind(1, 0)).isEqualTo(ChangeKind.MODIFIED);
        assertThat(s.shadowedBy(0, 1)).isEqualTo(1);
        assertThat(s.isShadowed(1, 0)).isFalse();
        assertThat(s.finalTree().get("/a/x").layer()).isEqualTo(1);
        assertThat(s.finalTree().totalSize()).isEqualTo(20);
    }

    @Test
    void fileWhiteoutRemovesThePath() {
        LayerStack s = stack(List.of(List.of(file("/x", 5), file("/y", 6)), List.of(marker("/x", EntryType.WHITEOUT))));
        assertThat(finalPaths(s)).containsExactly("/y");
        assertThat(s.kind(1, 0)).isEqualTo(ChangeKind.REMOVED);
        assertThat(s.shadowedBy(0, 0)).isEqualTo(1);
        assertThat(s.isShadowed(0, 1)).isFalse();
    }

    @Test
    void directoryWhiteoutRemovesTheWholeSubtreeButNotSiblingsWithTheSamePrefix() {
        LayerStack s = stack(List.of(
                List.of(dir("/d"), file("/d/a", 1), dir("/d/sub"), file("/d/sub/b", 2), file("/d2", 3), file("/d-x", 4)),
                List.of(marker("/d", EntryType.WHITEOUT))));
        assertThat(finalPaths(s)).containsExactly("/d-x", "/d2");
        for (int i = 0; i < 4; i++) assertThat(s.shadowedBy(0, i)).isEqualTo(1);
    }

    @Test
    void opaqueDirectoryHidesLowerContentsButKeepsItsOwnLayerWhateverTheTarOrder() {
        LayerStack s = stack(List.of(
                List.of(dir("/o"), file("/o/old", 1), file("/o/keep-not", 1)),
                // the new file comes BEFORE the opaque marker in tar order: it must survive
                List.of(dir("/o"), file("/o/new", 2), marker("/o", EntryType.OPAQUE))));
        assertThat(finalPaths(s)).containsExactly("/o", "/o/new");
        assertThat(s.kind(1, 0)).isEqualTo(ChangeKind.MODIFIED);
        assertThat(s.kind(1, 1)).isEqualTo(ChangeKind.ADDED);
        assertThat(s.shadowedBy(0, 1)).isEqualTo(1);
    }

    @Test
    void fileReplacingDirectoryHidesItsChildren() {
        LayerStack s = stack(List.of(List.of(dir("/p"), file("/p/c", 1)), List.of(file("/p", 9))));
        assertThat(finalPaths(s)).containsExactly("/p");
        assertThat(s.shadowedBy(0, 1)).isEqualTo(1);
    }

    @Test
    void whiteoutThenReAddInSameLayerKeepsTheNewFile() {
        LayerStack s = stack(List.of(List.of(file("/f", 1)), List.of(file("/f", 3), marker("/f", EntryType.WHITEOUT))));
        assertThat(finalPaths(s)).containsExactly("/f");
        assertThat(s.finalTree().get("/f").entry().size()).isEqualTo(3);
        assertThat(s.kind(1, 0)).isEqualTo(ChangeKind.ADDED);
    }

    @Test
    void childrenAndCounts() {
        LayerStack s = stack(List.of(List.of(dir("/a"), file("/a/1", 1), file("/a/2", 2), dir("/a/b"), file("/a/b/3", 3))));
        assertThat(s.finalTree().children("/a")).extracting(e -> e.entry().name()).containsExactly("1", "2", "b");
        assertThat(s.finalTree().children("/")).extracting(e -> e.entry().path()).containsExactly("/a");
        assertThat(s.finalTree().fileCount()).isEqualTo(3);
    }
}
