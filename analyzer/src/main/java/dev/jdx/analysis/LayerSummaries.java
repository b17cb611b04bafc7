package dev.jdx.analysis;

import dev.jdx.fs.ChangeKind;
import dev.jdx.fs.EntryType;
import dev.jdx.fs.FileEntry;
import dev.jdx.fs.LayerContents;
import dev.jdx.fs.LayerStack;
import java.util.ArrayList;
import java.util.List;

/** Per-layer added / modified / removed counts and bytes. */
final class LayerSummaries {
    private LayerSummaries() {}

    /** @param createdBy the cleaned build step of each layer (same size as the layer list; entries may be null) */
    static List<LayerSummary> of(LayerStack stack, ReclaimableWaste.Result waste, List<String> createdBy) {
        List<LayerContents> layers = stack.layers();
        List<LayerSummary> out = new ArrayList<>(layers.size());
        for (int l = 0; l < layers.size(); l++) {
            LayerContents lc = layers.get(l);
            int added = 0, modified = 0;
            long addedBytes = 0, modifiedBytes = 0;
            List<FileEntry> entries = lc.entries();
            for (int i = 0; i < entries.size(); i++) {
                FileEntry e = entries.get(i);
                if (e.type().isMarker() || stack.shadowedBy(l, i) == l) continue; // a later copy in this tar counts
                ChangeKind k = stack.kind(l, i);
                if (k == ChangeKind.ADDED) {
                    added++;
                    addedBytes += e.size();
                } else if (k == ChangeKind.MODIFIED && e.type() != EntryType.DIR) {
                    modified++;
                    modifiedBytes += e.size();
                }
            }
            out.add(new LayerSummary(l, l < createdBy.size() ? createdBy.get(l) : null, lc.entryBytes(), lc.storedBytes(),
                    entries.size(), added, addedBytes, modified, modifiedBytes, waste.removed()[l], waste.removedBytes()[l],
                    waste.discardedLater()[l]));
        }
        return out;
    }
}
