package dev.jdx.fs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
    // values() copies the array on every call, and kind() is called once per indexed entry
    private static final ChangeKind[] KINDS = ChangeKind.values();

    private final List<LayerContents> layers;
    private final byte[][] kinds;
    private final int[][] shadowedBy;
    private final FileTree finalTree;
    /**
     * Kept for {@link #emptiedDirectories()} (found on first use, as only the index and the HTML report ask) and
     * dropped then; the visible paths only when a removal can have emptied a directory: a hash lookup of each
     * directory path instead of a binary search of the final tree.
     */
    private Map<String, Integer> dirPaths;
    private Map<String, ?> visible;
    private final EmptiedDirectories.Removals removals;
    private List<FinalEntry> emptiedDirectories;

    private LayerStack(List<LayerContents> layers, byte[][] kinds, int[][] shadowedBy, FileTree finalTree,
                       Map<String, Integer> dirPaths, Map<String, ?> visible, EmptiedDirectories.Removals removals) {
        this.layers = layers;
        this.kinds = kinds;
        this.shadowedBy = shadowedBy;
        this.finalTree = finalTree;
        this.dirPaths = dirPaths;
        this.visible = removals.any ? visible : null;
        this.removals = removals;
    }

    /** A visible entry's position: which layer and which index in that layer's entry list. */
    private record Ref(int layer, int index) {}

    public static LayerStack build(List<LayerContents> layers) {
        int n = layers.size();
        byte[][] kinds = new byte[n][];
        int[][] shadowedBy = new int[n][];
        int total = 0;
        for (LayerContents l : layers) total += l.entries().size();
        // Hash lookups, not a sorted map: two lookups per entry of every layer, each a TreeMap walk of some 18 string
        // comparisons on a large image (190k entries). Subtrees (rare: whiteouts and opaque markers of directories)
        // are found through a children index, built the first time one is removed.
        Map<String, Ref> visible = new HashMap<>(Math.max(16, total * 4 / 3 + 1));
        Subtrees subtrees = new Subtrees(visible);
        // every directory path some entry so far lies under, declared or not (tars need not declare directories), with
        // the last layer that wrote under it: a non-directory written at one of them replaces a directory, as one at a
        // declared directory does
        Map<String, Integer> dirPaths = new HashMap<>();
        EmptiedDirectories.Removals removals = new EmptiedDirectories.Removals();
        // one method per loop: run once per layer, each loop is compiled by itself, not as part of one large method
        // compiled again (on-stack replacement) at each of its loops
        for (int l = 0; l < n; l++) {
            List<FileEntry> entries = layers.get(l).entries();
            kinds[l] = new byte[entries.size()];
            shadowedBy[l] = new int[entries.size()];
            Arrays.fill(shadowedBy[l], NOT_SHADOWED);
            applyMarkers(l, entries, kinds, shadowedBy, visible, subtrees, removals);
            addOwnEntries(layers, l, kinds, shadowedBy, visible, subtrees, dirPaths, removals);
        }
        // The final entries in layer and tar order, not the map's: tars list a directory's entries in name order, so
        // this is a few long sorted runs that the sort merges in a fraction of the time random order takes.
        List<FinalEntry> fin = new ArrayList<>(visible.size());
        for (int l = 0; l < n; l++) addUnshadowed(l, layers.get(l).entries(), shadowedBy[l], fin);
        if (fin.size() != visible.size()) {
            throw new IllegalStateException("layer stack: " + fin.size() + " unshadowed entries, " + visible.size() + " visible");
        }
        fin.sort(BY_PATH);
        return new LayerStack(List.copyOf(layers), kinds, shadowedBy, new FileTree(fin), dirPaths, visible, removals);
    }

    /** 1. The layer's whiteouts and opaque markers remove from the layers below. */
    private static void applyMarkers(int l, List<FileEntry> entries, byte[][] kinds, int[][] shadowedBy,
                                     Map<String, Ref> visible, Subtrees subtrees, EmptiedDirectories.Removals removals) {
        for (int i = 0; i < entries.size(); i++) {
            FileEntry e = entries.get(i);
            if (e.type() == EntryType.WHITEOUT) {
                kinds[l][i] = (byte) ChangeKind.REMOVED.ordinal();
                Ref r = visible.remove(e.path());
                if (r != null) shadowedBy[r.layer][r.index] = l;
                subtrees.remove(e.path(), l, shadowedBy, false);
                removals.whiteout(e.path(), l);
            } else if (e.type() == EntryType.OPAQUE) {
                kinds[l][i] = (byte) ChangeKind.REMOVED.ordinal();
                subtrees.remove(e.path(), l, shadowedBy, false);
                removals.opaque(e.path(), l);
            }
        }
    }

    /** 2. The layer's own entries; a later entry for the same path within a layer wins (tar semantics). */
    private static void addOwnEntries(List<LayerContents> layers, int l, byte[][] kinds, int[][] shadowedBy,
                                      Map<String, Ref> visible, Subtrees subtrees, Map<String, Integer> dirPaths,
                                      EmptiedDirectories.Removals removals) {
        List<FileEntry> entries = layers.get(l).entries();
        Map<String, Integer> ownIndex = new HashMap<>(entries.size() * 4 / 3 + 1);
        String lastParent = "\0"; // no path has this parent
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
            // A non-directory replacing a directory, declared or only implied by the paths under it, hides everything
            // under it: of the layers below, and this layer's own earlier entries there, as an unpacker removes the
            // directory with its content before it writes the file.
            if (e.type() != EntryType.DIR && (dirPaths.containsKey(e.path()) || below != null
                    && layers.get(below.layer).entries().get(below.index).type() == EntryType.DIR)) {
                subtrees.remove(e.path(), l, shadowedBy, true);
                removals.replaced(e.path(), l);
            }
            if (visible.put(e.path(), new Ref(l, i)) == null) subtrees.added(e.path());
            // tars list a directory's entries together: most entries have the previous one's parent, known already
            String path = e.path();
            int slash = path.lastIndexOf('/');
            if (slash != lastParent.length() || !path.startsWith(lastParent)) {
                lastParent = slash <= 0 ? "" : path.substring(0, slash);
                addParents(path, l, dirPaths);
            }
        }
    }

    /** Marks the ancestors of {@code path} as written under in layer {@code l}, stopping at the first one already so. */
    private static void addParents(String path, int l, Map<String, Integer> dirPaths) {
        Integer layer = l;
        for (String p = PathNames.parentOf(path); !p.equals("/") && !layer.equals(dirPaths.put(p, layer));
             p = PathNames.parentOf(p)) {
            // each ancestor once per layer: most entries stop at their parent, marked by a sibling or the directory's entry
        }
    }

    private static void addUnshadowed(int l, List<FileEntry> entries, int[] shadowedBy, List<FinalEntry> fin) {
        for (int i = 0; i < entries.size(); i++) {
            if (shadowedBy[i] == NOT_SHADOWED && !entries.get(i).type().isMarker()) fin.add(new FinalEntry(entries.get(i), l));
        }
    }

    private static final Comparator<FinalEntry> BY_PATH = (a, b) -> a.entry().path().compareTo(b.entry().path());

    /**
     * The paths under each directory path, to remove a directory's subtree from the visible entries without a sorted
     * map. Keyed by parent path whether or not the parent is an entry (tars need not declare their directories), so
     * every visible path is reachable from each of its ancestors. Built from the visible paths when first needed, then
     * kept up to date; a path may be listed after it stopped being visible (lookups in {@code visible} decide).
     */
    private static final class Subtrees {
        private final Map<String, Ref> visible;
        private Map<String, List<String>> children;

        Subtrees(Map<String, Ref> visible) {
            this.visible = visible;
        }

        /** A path that just became visible. */
        void added(String path) {
            if (children != null) link(path);
        }

        private void link(String path) {
            // the path under its parent, and each ancestor not yet listed under its own parent
            String p = path;
            while (!p.equals("/")) {
                String parent = PathNames.parentOf(p);
                List<String> siblings = children.get(parent);
                boolean parentKnown = siblings != null || parent.equals("/");
                if (siblings == null) children.put(parent, siblings = new ArrayList<>(4));
                siblings.add(p);
                if (parentKnown) break;
                p = parent;
            }
        }

        /**
         * Hides every visible entry below {@code dir} (not {@code dir} itself) from layers under {@code byLayer}, and
         * with {@code ownLayerToo} those {@code byLayer} added so far. A marker passes false: it never hides an entry
         * of its own layer (markers are applied before the layer's entries are added, whatever the tar order).
         */
        void remove(String dir, int byLayer, int[][] shadowedBy, boolean ownLayerToo) {
            if (children == null) {
                children = new HashMap<>();
                for (String p : visible.keySet()) link(p);
            }
            List<String> stack = new ArrayList<>();
            stack.add(dir);
            while (!stack.isEmpty()) {
                List<String> under = children.get(stack.remove(stack.size() - 1));
                if (under == null) continue;
                for (String p : under) {
                    Ref r = visible.get(p);
                    if (r != null && (r.layer < byLayer || ownLayerToo && r.layer == byLayer)) {
                        shadowedBy[r.layer][r.index] = byLayer;
                        visible.remove(p);
                    }
                    stack.add(p);
                }
            }
        }
    }

    public List<LayerContents> layers() {
        return layers;
    }

    /** How entry {@code index} of layer {@code layer} changes the filesystem below it. */
    public ChangeKind kind(int layer, int index) {
        return KINDS[kinds[layer][index]];
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

    /**
     * Directories of the final filesystem that no tar declared and that nothing is left under: an earlier layer wrote
     * under them (so an unpacker created them) and later layers removed all of it, not the directory. Not in the
     * {@link #finalTree()}, which invents no directory; the index lists them (as {@code jdx ls} would find them on
     * disk). Each is a {@code 0755 root} directory of the last layer that wrote under it, with that entry's mtime;
     * only the deepest of nested ones is given (its ancestors are implied by it). Sorted by path.
     */
    public synchronized List<FinalEntry> emptiedDirectories() {
        if (emptiedDirectories == null) {
            // only a removal (whiteout, opaque marker, a file over a directory) can leave an undeclared directory empty
            emptiedDirectories = removals.any
                    ? EmptiedDirectories.find(layers, finalTree, visible.keySet(), dirPaths, removals) : List.of();
            dirPaths = null;
            visible = null;
        }
        return emptiedDirectories;
    }
}
