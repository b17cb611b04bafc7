package dev.jdx.analysis;

import static dev.jdx.analysis.Entries.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.jdx.analysis.WastedPath.Reason;
import dev.jdx.fs.LayerContents;
import dev.jdx.fs.LayerStack;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReclaimableWasteTest {

    private static ReclaimableWaste.Result waste(int base, List<LayerContents> layers) {
        return ReclaimableWaste.compute(LayerStack.build(layers), base);
    }

    private static Efficiency efficiency(int base, List<LayerContents> layers) {
        LayerStack s = LayerStack.build(layers);
        var r = ReclaimableWaste.compute(s, base);
        return ReclaimableWaste.efficiency(r, s, base, 0);
    }

    @Test
    void overwriteCountsOnlyTheDiscardedCopy() {
        var layers = layers(of(file("/a", 100, "x")), of(file("/a", 50, "y")));
        var r = waste(1, layers);
        assertThat(r.reclaimable()).isEqualTo(100);
        assertThat(r.all()).extracting(WastedPath::path, WastedPath::writtenBy, WastedPath::discardedBy, WastedPath::reason)
                .containsExactly(tuple("/a", 0, 1, Reason.OVERWRITTEN));
        var e = efficiency(1, layers);
        assertThat(e.score()).isEqualTo(1 - 100.0 / 150.0);
        assertThat(e.userReclaimableBytes()).isEqualTo(100);
        assertThat(e.userReclaimableRatio()).isEqualTo(2.0);
        assertThat(e.finalBytes()).isEqualTo(50);
    }

    @Test
    void chmodReStoresTheSameContent() {
        var r = waste(1, layers(of(file("/a", 100, "x", 0644)), of(file("/a", 100, "x", 0755))));
        assertThat(r.reclaimable()).isEqualTo(100);
        assertThat(r.all()).extracting(WastedPath::reason).containsExactly(Reason.METADATA_CHANGED);
    }

    @Test
    void deletedFile() {
        var r = waste(1, layers(of(file("/f", 100), file("/g", 7)), of(whiteout("/f"))));
        assertThat(r.reclaimable()).isEqualTo(100);
        assertThat(r.all()).extracting(WastedPath::reason).containsExactly(Reason.DELETED);
        assertThat(r.removed()).containsExactly(0, 1);
        assertThat(r.removedBytes()).containsExactly(0, 100);
    }

    @Test
    void deletedDirectoryCountsItsWholeContent() {
        var r = waste(1, layers(of(dir("/d"), dir("/d/e"), file("/d/x", 10), file("/d/e/y", 20)), of(whiteout("/d"))));
        assertThat(r.reclaimable()).isEqualTo(30);
        assertThat(r.top(10)).extracting(WastedPath::path, WastedPath::reason).containsExactly(
                tuple("/d/e/y", Reason.DELETED_WITH_DIRECTORY), tuple("/d/x", Reason.DELETED_WITH_DIRECTORY));
        assertThat(r.removed()[1]).isEqualTo(2); // the two files; directories are not counted
    }

    @Test
    void opaqueDirectoryHidesWhatLayBelow() {
        var r = waste(1, layers(of(dir("/o"), file("/o/x", 10)), of(dir("/o"), opaque("/o"), file("/o/y", 5))));
        assertThat(r.reclaimable()).isEqualTo(10);
        assertThat(r.all()).extracting(WastedPath::path, WastedPath::reason)
                .containsExactly(tuple("/o/x", Reason.HIDDEN_BY_OPAQUE_DIRECTORY));
    }

    @Test
    void fileReplacingADirectoryDiscardsItsContent() {
        var r = waste(1, layers(of(dir("/p"), file("/p/x", 10)), of(file("/p", 3))));
        assertThat(r.all()).extracting(WastedPath::path, WastedPath::reason)
                .contains(tuple("/p/x", Reason.PARENT_REPLACED));
        assertThat(r.reclaimable()).isEqualTo(10);
    }

    @Test
    void aVisibleHardlinkKeepsTheDeletedFilesBytesNeeded() {
        var kept = waste(1, layers(of(file("/a", 100), hardlink("/b", "/a")), of(whiteout("/a"))));
        assertThat(kept.reclaimable()).isZero();
        var gone = waste(1, layers(of(file("/a", 100), hardlink("/b", "/a")), of(whiteout("/a"), whiteout("/b"))));
        assertThat(gone.reclaimable()).isEqualTo(100);
    }

    @Test
    void pathWrittenTwiceInOneLayer() {
        var r = waste(0, layers(of(file("/a", 10), file("/a", 20))));
        assertThat(r.reclaimable()).isEqualTo(10);
        assertThat(r.all()).extracting(WastedPath::writtenBy, WastedPath::discardedBy, WastedPath::reason)
                .containsExactly(tuple(0, 0, Reason.REWRITTEN_IN_LAYER));
    }

    @Test
    void eachStoredCopyCountsOnce() {
        // written in 0, overwritten in 1, deleted in 2: copies of 0 and 1 are waste, each once
        var r = waste(1, layers(of(file("/a", 10)), of(file("/a", 20)), of(whiteout("/a"))));
        assertThat(r.reclaimable()).isEqualTo(30);
        assertThat(r.all()).extracting(WastedPath::writtenBy, WastedPath::discardedBy)
                .containsExactly(tuple(0, 1), tuple(1, 2));
    }

    @Test
    void userFiguresStartAtTheBaseBoundary() {
        // layers 0 and 1 are the base: layer 1 overwriting a layer-0 file is the base's own waste
        var layers = layers(of(file("/a", 10)), of(file("/a", 20), file("/b", 40)), of(file("/b", 5)));
        var e = efficiency(2, layers);
        assertThat(e.reclaimableBytes()).isEqualTo(50);
        assertThat(e.userReclaimableBytes()).isEqualTo(40);
        assertThat(e.userLayerBytes()).isEqualTo(5);
        assertThat(e.userReclaimableRatio()).isEqualTo(8.0);
        assertThat(e.baseLayers()).isEqualTo(2);
    }

    @Test
    void singleLayerImageGivesZeroNotNaN() {
        var e = efficiency(1, layers(of(file("/a", 10))));
        assertThat(e.userReclaimableRatio()).isZero();
        assertThat(e.score()).isEqualTo(1.0);
        var empty = efficiency(0, layers());
        assertThat(empty.score()).isEqualTo(1.0);
        assertThat(empty.userReclaimableRatio()).isZero();
    }

    @Test
    void duplicatesByContentAcrossPaths() {
        var s = LayerStack.build(layers(
                of(file("/x", 10, "same"), file("/y", 10, "same"), hardlink("/z", "/x"), file("/e1", 0, "empty"),
                        file("/e2", 0, "empty")),
                of(file("/w", 10, "same"), file("/big", 99, "other"))));
        var groups = FinalFiles.duplicates(s.finalTree());
        assertThat(groups).containsExactly(new DuplicateGroup("same", 10, 3, 20, List.of("/w", "/x", "/y")));
        assertThat(FinalFiles.largest(s.finalTree(), 2)).containsExactly(new LargeFile("/big", 99, 1), new LargeFile("/w", 10, 1));
    }

    @Test
    void layerSummariesCountChanges() {
        var s = LayerStack.build(layers(
                of(dir("/d"), file("/d/a", 10), file("/d/b", 20)),
                of(dir("/d"), file("/d/a", 11), file("/d/c", 5), whiteout("/d/b"))));
        var r = ReclaimableWaste.compute(s, 1);
        var sums = LayerSummaries.of(s, r, java.util.Arrays.asList("ADD base", "RUN x"));
        assertThat(sums.get(0)).extracting(LayerSummary::added, LayerSummary::addedBytes, LayerSummary::discardedLaterBytes)
                .containsExactly(3, 30L, 30L);
        assertThat(sums.get(1)).extracting(LayerSummary::added, LayerSummary::addedBytes, LayerSummary::modified,
                        LayerSummary::modifiedBytes, LayerSummary::removed, LayerSummary::removedBytes, LayerSummary::createdBy)
                .containsExactly(1, 5L, 1, 11L, 1, 20L, "RUN x");
    }
}
