package dev.jdx.fs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The layers of an image stacked as an overlay filesystem does it: for each layer entry, whether it added,
 * modified or removed a path relative to the layers below, and which upper layer (if any) shadows it; and the
 * final squashed filesystem.
 *
 * <p>Per layer, whiteout and opaque markers are applied to the layers below before the layer's own entries are
 * added, as the OCI layer spec says, so a marker never hides an entry of its own layer whatever the tar order.
 */
public final class LayerStack {
    /** Marks an entry no upper layer shadows. */
    public static final int NOT_SHADOWED = -1;

    private final List<LayerContents> layers;
    private final byte[][] kinds;
    private final int[][] shadowedBy;
    private final FileTree finalTree;

    private LayerStack(List<LayerContents> layers, byte[][] kinds, int[][] shadowedBy, FileTree finalTree) {
        this.layers = layers;
        this.kinds = kinds;
        this.shadowedBy = shadowedBy;
        this.finalTree = finalTree;
    }

    /** A visible entry's position: which layer and which index in that layer's entry list. */
    private record Ref(int layer, int index) {}

    public static LayerStack build(List<LayerContents> layers) {
        int n = layers.size();
        byte[][] kinds = new byte[n][];
        int[][] shadowedBy = new int[n][];
        // TreeMap keyed by path so a directory's subtree is one subMap range: "/a/" (inclusive) to "/a0" ('/'+1).
        TreeMap<String, Ref> visible = new TreeMap<>();
        for (int l = 0; l < n; l++) {
            List<FileEntry> entries = layers.get(l).entries();
            kinds[l] = new byte[entries.size()];
            shadowedBy[l] = new int[entries.size()];
            Arrays.fill(shadowedBy[l], NOT_SHADOWED);
            // 1. markers remove from the layers below
            for (int i = 0; i < entries.size(); i++) {
                FileEntry e = entries.get(i);
                if (e.type() == EntryType.WHITEOUT) {
                    kinds[l][i] = (byte) ChangeKind.REMOVED.ordinal();
                    Ref r = visible.remove(e.path());
                    if (r != null) shadowedBy[r.layer][r.index] = l;
                    removeSubtree(visible, e.path(), l, shadowedBy);
                } else if (e.type() == EntryType.OPAQUE) {
                    kinds[l][i] = (byte) ChangeKind.REMOVED.ordinal();
                    removeSubtree(visible, e.path(), l, shadowedBy);
                }
            }
            // 2. the layer's own entries; a later entry for the same path within a layer wins (tar semantics)
            Map<String, Integer> ownIndex = new HashMap<>();
            for (int i = 0; i < entries.size(); i++) {
                FileEntry e = entries.get(i);
                if (e.type().isMarker()) continue;
                Ref below = visible.get(e.path());
                Integer sameLayer = ownIndex.put(e.path(), i);
                if (sameLayer != null) {
                    shadowedBy[l][sameLayer] = l;
                    kinds[l][i] = kinds[l][sameLayer];
                } else {
                    kinds[l][i] = (byte) (below == null ? ChangeKind.ADDED : ChangeKind.MODIFIED).ordinal();
                    if (below != null) shadowedBy[below.layer][below.index] = l;
                }
                // a non-directory replacing a directory hides everything below it
                if (e.type() != EntryType.DIR && below != null
                        && layers.get(below.layer).entries().get(below.index).type() == EntryType.DIR) {
                    removeSubtree(visible, e.path(), l, shadowedBy);
                }
                visible.put(e.path(), new Ref(l, i));
            }
        }
        List<FinalEntry> fin = new ArrayList<>(visible.size());
        for (Ref r : visible.values()) fin.add(new FinalEntry(layers.get(r.layer).entries().get(r.index), r.layer));
        return new LayerStack(List.copyOf(layers), kinds, shadowedBy, new FileTree(fin));
    }

    private static void removeSubtree(TreeMap<String, Ref> visible, String dir, int byLayer, int[][] shadowedBy) {
        String from = dir.equals("/") ? "/" : dir + "/";
        String to = dir.equals("/") ? "0" : dir + "0";
        NavigableMap<String, Ref> sub = visible.subMap(from, dir.equals("/") ? false : true, to, false);
        for (Ref r : sub.values()) {
            // entries of the marker's own layer are never hidden by it (applied before they were added)
            if (r.layer < byLayer) shadowedBy[r.layer][r.index] = byLayer;
        }
        sub.values().removeIf(r -> r.layer < byLayer);
    }

    public List<LayerContents> layers() {
        return layers;
    }

    /** How entry {@code index} of layer {@code layer} changes the filesystem below it. */
    public ChangeKind kind(int layer, int index) {
        return ChangeKind.values()[kinds[layer][index]];
    }

    /** The upper layer that replaces or removes this entry, or {@link #NOT_SHADOWED}. */
    public int shadowedBy(int layer, int index) {
        return shadowedBy[layer][index];
    }

    public boolean isShadowed(int layer, int index) {
        return shadowedBy[layer][index] != NOT_SHADOWED;
    }

    /** The final filesystem: every entry visible after all layers are applied. */
    public FileTree finalTree() {
        return finalTree;
    }
}
