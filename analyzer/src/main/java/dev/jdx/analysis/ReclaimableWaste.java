package dev.jdx.analysis;

import dev.jdx.fs.EntryType;
import dev.jdx.fs.FileEntry;
import dev.jdx.fs.FinalEntry;
import dev.jdx.fs.LayerContents;
import dev.jdx.fs.LayerStack;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * jdx's waste accounting: every stored copy the final filesystem does not show, counted once, with the layer
 * that wrote it, the layer that discarded it and how. Fixes dive's flaws: a deleted directory's whole content
 * counts, an overwrite counts the discarded copy only (not the kept one), a chmod that re-stores a file counts.
 */
final class ReclaimableWaste {
    private ReclaimableWaste() {}

    /** Per-image figures and per-layer totals. */
    /** @param all every discarded copy of more than 0 bytes */
    record Result(long total, long reclaimable, long userReclaimable, List<WastedPath> all, long[] discardedLater,
                  int[] removed, long[] removedBytes) {
        /** The largest wasted copies, biggest first, ties by path then writing layer. */
        List<WastedPath> top(int n) {
            return all.stream().filter(w -> w.bytes() > 0)
                    .sorted(Comparator.comparingLong(WastedPath::bytes).reversed()
                            .thenComparing(WastedPath::path).thenComparingInt(WastedPath::writtenBy))
                    .limit(n).toList();
        }
    }

    /** One layer's entries indexed for classifying what it discarded. */
    private record LayerIndex(Map<String, FileEntry> written, Set<String> whiteouts, Set<String> opaques) {
        static LayerIndex of(LayerContents l) {
            Map<String, FileEntry> w = new HashMap<>();
            Set<String> wh = new HashSet<>(), op = new HashSet<>();
            for (FileEntry e : l.entries()) {
                switch (e.type()) {
                    case WHITEOUT -> wh.add(e.path());
                    case OPAQUE -> op.add(e.path());
                    default -> w.put(e.path(), e);
                }
            }
            return new LayerIndex(w, wh, op);
        }
    }

    static Result compute(LayerStack stack, int baseLayers) {
        List<LayerContents> layers = stack.layers();
        int n = layers.size();
        // stored copies a visible hardlink still reaches: the link shares the inode, so the bytes are needed
        Set<String> heldByLink = new HashSet<>();
        for (FinalEntry f : stack.finalTree().entries()) {
            if (f.entry().type() == EntryType.HARDLINK && f.entry().linkTarget() != null) {
                heldByLink.add(f.layer() + "\0" + f.entry().linkTarget());
            }
        }
        LayerIndex[] index = new LayerIndex[n];
        long total = 0, reclaimable = 0, user = 0;
        long[] discardedLater = new long[n], removedBytes = new long[n];
        int[] removed = new int[n];
        List<WastedPath> all = new ArrayList<>();
        for (int l = 0; l < n; l++) {
            List<FileEntry> entries = layers.get(l).entries();
            for (int i = 0; i < entries.size(); i++) {
                FileEntry e = entries.get(i);
                total += e.size();
                if (e.type().isMarker() || !stack.isShadowed(l, i)) continue;
                int s = stack.shadowedBy(l, i);
                if (index[s] == null) index[s] = LayerIndex.of(layers.get(s));
                WastedPath.Reason reason = s == l ? WastedPath.Reason.REWRITTEN_IN_LAYER : classify(e, index[s]);
                boolean removal = switch (reason) {
                    case DELETED, DELETED_WITH_DIRECTORY, HIDDEN_BY_OPAQUE_DIRECTORY, PARENT_REPLACED -> true;
                    default -> false;
                };
                if (removal && e.type() != EntryType.DIR) {
                    removed[s]++;
                    removedBytes[s] += e.size();
                }
                if (e.type() == EntryType.FILE && heldByLink.contains(l + "\0" + e.path())) continue;
                reclaimable += e.size();
                discardedLater[l] += e.size();
                if (s >= baseLayers) user += e.size();
                if (e.size() > 0) all.add(new WastedPath(e.path(), e.size(), l, s, reason));
            }
        }
        return new Result(total, reclaimable, user, all, discardedLater, removed, removedBytes);
    }

    private static WastedPath.Reason classify(FileEntry e, LayerIndex by) {
        FileEntry again = by.written().get(e.path());
        if (again != null) {
            boolean sameContent = e.type() == EntryType.FILE && again.type() == EntryType.FILE
                    && e.sha256() != null && Objects.equals(e.sha256(), again.sha256());
            return sameContent ? WastedPath.Reason.METADATA_CHANGED : WastedPath.Reason.OVERWRITTEN;
        }
        if (by.whiteouts().contains(e.path())) return WastedPath.Reason.DELETED;
        for (String a = parent(e.path()); a != null; a = parent(a)) {
            if (by.whiteouts().contains(a)) return WastedPath.Reason.DELETED_WITH_DIRECTORY;
            if (by.opaques().contains(a)) return WastedPath.Reason.HIDDEN_BY_OPAQUE_DIRECTORY;
            FileEntry w = by.written().get(a);
            if (w != null && w.type() != EntryType.DIR) return WastedPath.Reason.PARENT_REPLACED;
        }
        return WastedPath.Reason.OVERWRITTEN;
    }

    private static String parent(String p) {
        if (p.equals("/")) return null;
        int i = p.lastIndexOf('/');
        return i <= 0 ? "/" : p.substring(0, i);
    }

    /** The image's {@link Efficiency} from the accounting, the base boundary and the duplicate bytes. */
    static Efficiency efficiency(Result r, LayerStack stack, int baseLayers, long duplicateBytes) {
        long finalBytes = 0;
        for (FinalEntry f : stack.finalTree().entries()) if (f.entry().type() == EntryType.FILE) finalBytes += f.entry().size();
        long userLayerBytes = 0;
        List<LayerContents> layers = stack.layers();
        for (int l = Math.max(0, baseLayers); l < layers.size(); l++) userLayerBytes += layers.get(l).entryBytes();
        double score = r.total() == 0 ? 1.0 : 1.0 - (double) r.reclaimable() / (double) r.total();
        double ratio = userLayerBytes == 0 ? 0.0 : (double) r.userReclaimable() / (double) userLayerBytes;
        return new Efficiency(r.total(), finalBytes, r.reclaimable(), score, baseLayers, userLayerBytes,
                r.userReclaimable(), ratio, duplicateBytes);
    }
}
