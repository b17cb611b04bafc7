package dev.jdx.fs;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finds the directories an unpacker leaves behind empty although no tar declared them (see
 * {@link LayerStack#emptiedDirectories()}). A tar need not have an entry for each directory it writes into; the
 * unpacker creates it, and it stays when a later layer whites out everything under it one path at a time. Such a
 * directory is in no layer's entries, so the layer stack knows it only through the paths that were under it.
 *
 * <p>A directory written under in layer {@code L} (by any entry but a marker) is still there at the end unless a
 * later layer removed it: a whiteout of it or of an ancestor, an opaque marker of an ancestor (the directory's own
 * opaque marker empties it but keeps it), or a non-directory written over it or an ancestor, in a later layer or in
 * layer {@code L} itself (an unpacker removes the directory with what this layer wrote there before; entries a tar
 * lists under a path after replacing it with a file are not a layer an unpacker accepts).
 */
final class EmptiedDirectories {
    private EmptiedDirectories() {}

    /** The removals of directories the layer stack met, by path: the last layer that made each. */
    static final class Removals {
        private final Map<String, Integer> whiteouts = new HashMap<>();
        private final Map<String, Integer> opaques = new HashMap<>();
        private final Map<String, Integer> replaced = new HashMap<>();
        /** Whether any removal happened: without one no directory can have been emptied. */
        boolean any;

        void whiteout(String path, int layer) {
            whiteouts.put(path, layer);
            any = true;
        }

        void opaque(String path, int layer) {
            opaques.put(path, layer);
            any = true;
        }

        /** A non-directory written at a path that was a directory (declared, or implied by the paths under it). */
        void replaced(String path, int layer) {
            replaced.put(path, layer);
            any = true;
        }

        /** Whether the directory {@code dir}, last written under in layer {@code layer}, was removed after that. */
        boolean removed(String dir, int layer) {
            for (String a = dir; ; ) { // up to the root, which a marker can name too
                if (later(whiteouts.get(a), layer) || later(replaced.get(a), layer - 1)) return true;
                if (a.equals("/")) return false;
                a = PathNames.parentOf(a);
                // an opaque marker of an ancestor removes the directory; its own only empties it
                if (later(opaques.get(a), layer)) return true;
            }
        }

        private static boolean later(Integer removedIn, int than) {
            return removedIn != null && removedIn > than;
        }
    }

    /**
     * The emptied directories: of {@code dirPaths} (every directory path some entry lay under, with the last layer
     * that wrote under it), those neither in the final filesystem nor removed with nothing visible under them,
     * deepest only.
     *
     * @param finalPaths the paths of {@code fin}'s entries
     */
    static List<FinalEntry> find(List<LayerContents> layers, FileTree fin, Set<String> finalPaths,
                                 Map<String, Integer> dirPaths, Removals removals) {
        Map<String, Integer> kept = new HashMap<>();
        for (Map.Entry<String, Integer> d : dirPaths.entrySet()) {
            if (!finalPaths.contains(d.getKey()) && !removals.removed(d.getKey(), d.getValue())) {
                kept.put(d.getKey(), d.getValue());
            }
        }
        if (kept.isEmpty()) return List.of(); // the usual case: every directory written under is declared
        // Those with a visible entry under them are listed through it; of the others, those with another under them too
        Set<String> notEmpty = new HashSet<>();
        String lastParent = "\0";
        for (FinalEntry f : fin.entries()) {
            String parent = f.entry().parent();
            if (!parent.equals(lastParent)) addSelfAndAncestors(parent, notEmpty);
            lastParent = parent;
        }
        kept.keySet().removeIf(notEmpty::contains);
        Set<String> above = new HashSet<>();
        for (String d : kept.keySet()) addSelfAndAncestors(PathNames.parentOf(d), above);
        kept.keySet().removeIf(above::contains);
        if (kept.isEmpty()) return List.of();
        // each as the directory an unpacker made: 0755, root, with the mtime of an entry that was under it
        Map<String, FinalEntry> out = new TreeMap<>();
        Map<Integer, Set<String>> byLayer = new HashMap<>();
        kept.forEach((d, l) -> byLayer.computeIfAbsent(l, k -> new HashSet<>()).add(d));
        byLayer.forEach((l, dirs) -> {
            for (FileEntry e : layers.get(l).entries()) {
                if (e.type().isMarker()) continue;
                for (String a = PathNames.parentOf(e.path()); !a.equals("/"); a = PathNames.parentOf(a)) {
                    if (dirs.remove(a)) {
                        out.put(a, new FinalEntry(new FileEntry(a, EntryType.DIR, 0755, 0, 0, 0, e.mtime(), null, null), l));
                    }
                }
                if (dirs.isEmpty()) break;
            }
        });
        return List.copyOf(out.values());
    }

    private static void addSelfAndAncestors(String dir, Set<String> into) {
        for (String a = dir; !a.equals("/") && into.add(a); a = PathNames.parentOf(a)) {
            // each once: a sibling's walk stopped at the first ancestor already there
        }
    }
}
