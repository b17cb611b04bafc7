package dev.jdx.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
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

    // ------------------------------------------------------------------------------------------------ against a model

    /**
     * The overlay rules written the plain way, with a sorted map whose subMap is a directory's subtree (the
     * algorithm LayerStack used before it switched to hash lookups): the oracle for the randomised test below.
     */
    private static final class SortedMapModel {
        final int[][] kinds, shadowedBy;
        final List<String> finalPaths;
        final List<Integer> finalLayers;

        SortedMapModel(List<List<FileEntry>> layers) {
            int n = layers.size();
            kinds = new int[n][];
            shadowedBy = new int[n][];
            TreeMap<String, int[]> visible = new TreeMap<>();
            for (int l = 0; l < n; l++) {
                List<FileEntry> entries = layers.get(l);
                kinds[l] = new int[entries.size()];
                shadowedBy[l] = new int[entries.size()];
                Arrays.fill(shadowedBy[l], LayerStack.NOT_SHADOWED);
                for (int i = 0; i < entries.size(); i++) {
                    FileEntry e = entries.get(i);
                    if (e.type() == EntryType.WHITEOUT) {
                        kinds[l][i] = ChangeKind.REMOVED.ordinal();
                        int[] r = visible.remove(e.path());
                        if (r != null) shadowedBy[r[0]][r[1]] = l;
                        removeSubtree(visible, e.path(), l, false);
                    } else if (e.type() == EntryType.OPAQUE) {
                        kinds[l][i] = ChangeKind.REMOVED.ordinal();
                        removeSubtree(visible, e.path(), l, false);
                    }
                }
                Map<String, Integer> own = new HashMap<>();
                for (int i = 0; i < entries.size(); i++) {
                    FileEntry e = entries.get(i);
                    if (e.type().isMarker()) continue;
                    int[] below = visible.get(e.path());
                    Integer same = own.put(e.path(), i);
                    if (same != null) {
                        shadowedBy[l][same] = l;
                        kinds[l][i] = kinds[l][same];
                    } else {
                        kinds[l][i] = (below == null ? ChangeKind.ADDED : ChangeKind.MODIFIED).ordinal();
                        if (below != null) shadowedBy[below[0]][below[1]] = l;
                    }
                    // a non-directory over a directory (declared, or implied by visible paths under it) removes the
                    // directory's content, this layer's earlier entries there included
                    boolean dirBelow = below != null && layers.get(below[0]).get(below[1]).type() == EntryType.DIR;
                    // (the root is never implied: only a declared "/" directory is replaced so)
                    if (e.type() != EntryType.DIR && (dirBelow || !e.path().equals("/") && !under(visible, e.path()).isEmpty())) {
                        removeSubtree(visible, e.path(), l, true);
                    }
                    visible.put(e.path(), new int[] {l, i});
                }
            }
            finalPaths = new ArrayList<>(visible.keySet());
            finalLayers = visible.values().stream().map(r -> r[0]).toList();
        }

        private static NavigableMap<String, int[]> under(TreeMap<String, int[]> visible, String dir) {
            return dir.equals("/") ? visible.subMap("/", false, "0", false) : visible.subMap(dir + "/", true, dir + "0", false);
        }

        /** Removes the visible paths under {@code dir} of the layers below {@code byLayer} (and its own, if asked). */
        private void removeSubtree(TreeMap<String, int[]> visible, String dir, int byLayer, boolean ownLayerToo) {
            int upTo = ownLayerToo ? byLayer + 1 : byLayer;
            NavigableMap<String, int[]> sub = under(visible, dir);
            for (int[] r : sub.values()) if (r[0] < upTo) shadowedBy[r[0]][r[1]] = byLayer;
            sub.values().removeIf(r -> r[0] < upTo);
        }
    }

    /** Found by UnpackDifferentialTest against umoci: tars need not declare their directories, and a file written
     *  over an undeclared one must hide its content as over a declared one. */
    @Test
    void aFileOverAnUndeclaredDirectoryHidesWhatIsUnderIt() {
        LayerStack s = stack(List.of(List.of(file("/etc/a", 5), file("/etc/b/c", 6)), List.of(file("/etc", 7))));
        assertThat(finalPaths(s)).containsExactly("/etc");
        assertThat(s.shadowedBy(0, 0)).isEqualTo(1);
        assertThat(s.shadowedBy(0, 1)).isEqualTo(1);
    }

    /** Found by UnpackDifferentialTest against umoci: an undeclared directory whose content later layers deleted
     *  stays on disk; the deepest such directory is given, as a directory of the last layer that wrote under it. */
    @Test
    void anUndeclaredDirectoryEmptiedByLaterLayersIsGiven() {
        FileEntry a = new FileEntry("/var/cache/apt/a", EntryType.FILE, 0644, 0, 0, 1, 1_700_000_000L, null, null);
        LayerStack s = stack(List.of(List.of(a, file("/var/log/x", 1)), List.of(file("/var/cache/apt/b", 1)),
                List.of(marker("/var/cache/apt/a", EntryType.WHITEOUT), marker("/var/cache/apt/b", EntryType.WHITEOUT),
                        marker("/var/log", EntryType.WHITEOUT))));
        assertThat(finalPaths(s)).isEmpty();
        assertThat(s.emptiedDirectories()).extracting(e -> e.entry().path(), FinalEntry::layer, e -> e.entry().type())
                .containsExactly(tuple("/var/cache/apt", 1, EntryType.DIR));
        // a whiteout of the root removes every directory below
        s = stack(List.of(List.of(file("/x/y", 1)), List.of(marker("/x/y", EntryType.WHITEOUT)), List.of(marker("/", EntryType.WHITEOUT))));
        assertThat(s.emptiedDirectories()).isEmpty();
        // declared directories are entries, never given here
        s = stack(List.of(List.of(dir("/d"), file("/d/f", 1)), List.of(marker("/d/f", EntryType.WHITEOUT))));
        assertThat(finalPaths(s)).containsExactly("/d");
        assertThat(s.emptiedDirectories()).isEmpty();
    }

    /** Within one layer, tar order: an unpacker removes the directory, with what this layer put there, for the file. */
    @Test
    void aFileOverADirectoryOfItsOwnLayerHidesWhatTheLayerPutThere() {
        LayerStack s = stack(List.of(List.of(dir("/x"), file("/x/y", 1), file("/z/w", 1), file("/x", 2), file("/z", 3))));
        assertThat(finalPaths(s)).containsExactly("/x", "/z");
        assertThat(s.shadowedBy(0, 1)).isZero();
        assertThat(s.shadowedBy(0, 2)).isZero();
        // the other way round a directory keeps what is under it
        s = stack(List.of(List.of(file("/x", 2)), List.of(dir("/x"), file("/x/y", 1))));
        assertThat(finalPaths(s)).containsExactly("/x", "/x/y");
    }

    /** Random layers over a small namespace, so paths collide: overwrites, whiteouts of files and directories,
     *  opaque markers (also at the root), files replacing directories, undeclared parents, repeats in one layer. */
    @Test
    void agreesWithTheSortedMapModelOnRandomLayers() {
        String[] names = {"a", "b", "a-b", "a0", "c.d", "x"};
        Random r = new Random(20261127);
        int compared = 0, withEmptied = 0;
        for (int round = 0; round < 3000; round++) {
            List<List<FileEntry>> layers = new ArrayList<>();
            int n = 1 + r.nextInt(5);
            for (int l = 0; l < n; l++) {
                List<FileEntry> entries = new ArrayList<>();
                int count = r.nextInt(14);
                for (int i = 0; i < count; i++) {
                    StringBuilder p = new StringBuilder();
                    int depth = 1 + r.nextInt(3);
                    for (int d = 0; d < depth; d++) p.append('/').append(names[r.nextInt(names.length)]);
                    String path = r.nextInt(40) == 0 ? "/" : p.toString();
                    int kind = r.nextInt(10);
                    entries.add(kind < 4 ? file(path, r.nextInt(100)) : kind < 7 ? dir(path)
                            : kind < 9 ? marker(path, EntryType.WHITEOUT) : marker(path, EntryType.OPAQUE));
                }
                layers.add(entries);
            }
            SortedMapModel model = new SortedMapModel(layers);
            LayerStack s = stack(layers);
            String seen = "round " + round + ": " + layers;
            for (int l = 0; l < n; l++) {
                for (int i = 0; i < layers.get(l).size(); i++) {
                    assertThat(s.kind(l, i).ordinal()).as(seen + " kind of " + l + "/" + i).isEqualTo(model.kinds[l][i]);
                    assertThat(s.shadowedBy(l, i)).as(seen + " shadowedBy of " + l + "/" + i).isEqualTo(model.shadowedBy[l][i]);
                }
            }
            assertThat(finalPaths(s)).as(seen).isEqualTo(model.finalPaths);
            assertThat(s.finalTree().entries().stream().map(FinalEntry::layer).toList()).as(seen).isEqualTo(model.finalLayers);
            // lookups by path: every final path is found, every other path of the namespace is not
            for (List<FileEntry> layer : layers) {
                for (FileEntry e : layer) {
                    FinalEntry found = s.finalTree().get(e.path());
                    if (model.finalPaths.contains(e.path())) assertThat(found.entry().path()).as(seen).isEqualTo(e.path());
                    else assertThat(found).as(seen + " get " + e.path()).isNull();
                }
            }
            List<String> emptied = Unpacker.emptiedDirectories(layers, model.finalPaths);
            if (emptied == null) continue; // a layer no unpacker accepts
            compared++;
            if (!emptied.isEmpty()) withEmptied++;
            assertThat(s.emptiedDirectories().stream().map(e -> e.entry().path()).toList()).as(seen).isEqualTo(emptied);
        }
        // the namespace is small enough that a fair share of rounds leave an undeclared directory empty
        assertThat(compared).isGreaterThan(1000);
        assertThat(withEmptied).isGreaterThan(20);
    }

    /**
     * A second oracle, for {@link LayerStack#emptiedDirectories()}: the layers applied to a plain map of paths the
     * way an unpacker writes a filesystem (markers first, then the entries in tar order, each with its missing parent
     * directories made, a non-directory over a directory removing the directory's content).
     */
    private static final class Unpacker {
        /** The emptied directories (on "disk", neither an entry nor over anything), or null when an unpacker would fail:
         *  an entry under a non-directory, or the root written as a non-directory. */
        static List<String> emptiedDirectories(List<List<FileEntry>> layers, List<String> finalPaths) {
            TreeMap<String, Boolean> disk = new TreeMap<>(); // path -> is a directory
            for (List<FileEntry> layer : layers) {
                for (FileEntry e : layer) {
                    if (e.type() == EntryType.WHITEOUT) {
                        disk.remove(e.path());
                        removeUnder(disk, e.path());
                    } else if (e.type() == EntryType.OPAQUE) {
                        removeUnder(disk, e.path());
                    }
                }
                for (FileEntry e : layer) {
                    if (e.type().isMarker()) continue;
                    boolean isDir = e.type() == EntryType.DIR;
                    if (e.path().equals("/")) {
                        if (!isDir) return null;
                        continue;
                    }
                    for (int at = e.path().indexOf('/', 1); at > 0; at = e.path().indexOf('/', at + 1)) {
                        Boolean parent = disk.putIfAbsent(e.path().substring(0, at), true);
                        if (parent != null && !parent) return null;
                    }
                    if (!isDir && Boolean.TRUE.equals(disk.get(e.path()))) removeUnder(disk, e.path());
                    disk.put(e.path(), isDir);
                }
            }
            List<String> out = new ArrayList<>();
            for (String p : disk.keySet()) {
                if (disk.get(p) && !finalPaths.contains(p) && under(disk, p).isEmpty()) out.add(p);
            }
            return out;
        }

        private static NavigableMap<String, Boolean> under(TreeMap<String, Boolean> disk, String dir) {
            return dir.equals("/") ? disk.subMap("/", false, "0", false) : disk.subMap(dir + "/", true, dir + "0", false);
        }

        private static void removeUnder(TreeMap<String, Boolean> disk, String dir) {
            under(disk, dir).clear();
        }
    }
}
