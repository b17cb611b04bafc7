package dev.jdx.analysis;

import dev.jdx.fs.EntryType;
import dev.jdx.fs.FinalEntry;
import dev.jdx.fs.FileTree;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Facts about the final filesystem: its largest files and its duplicated content. */
final class FinalFiles {
    private FinalFiles() {}

    /** The {@code n} largest regular files, biggest first, ties by path. */
    static List<LargeFile> largest(FileTree tree, int n) {
        if (n <= 0) return List.of();
        Comparator<FinalEntry> order = Comparator.comparingLong((FinalEntry f) -> f.entry().size()).reversed()
                .thenComparing(f -> f.entry().path());
        // the n best in a heap whose head is the worst kept: one pass, not a sort of every file
        java.util.PriorityQueue<FinalEntry> best = new java.util.PriorityQueue<>(n + 1, order.reversed());
        for (FinalEntry f : tree.entries()) {
            if (f.entry().type() != EntryType.FILE) continue;
            if (best.size() < n) {
                best.add(f);
            } else if (order.compare(f, best.peek()) < 0) {
                best.poll();
                best.add(f);
            }
        }
        List<FinalEntry> top = new ArrayList<>(best);
        top.sort(order);
        return top.stream().map(f -> new LargeFile(f.entry().path(), f.entry().size(), f.layer())).toList();
    }

    /**
     * Every group of two or more non-empty regular files with the same sha256 at different paths, most sharable
     * bytes first. Hardlinks are not files here: they already share their content.
     */
    static List<DuplicateGroup> duplicates(FileTree tree) {
        // most files are unique: a list only for a digest seen twice, and a map sized for every file at once
        Map<String, FinalEntry> first = new HashMap<>(tree.size() * 4 / 3 + 1);
        Map<String, List<FinalEntry>> bySha = new HashMap<>();
        for (FinalEntry f : tree.entries()) {
            if (f.entry().type() != EntryType.FILE || f.entry().sha256() == null || f.entry().size() == 0) continue;
            FinalEntry seen = first.putIfAbsent(f.entry().sha256(), f);
            if (seen != null) bySha.computeIfAbsent(f.entry().sha256(), k -> new ArrayList<>(List.of(seen))).add(f);
        }
        List<DuplicateGroup> out = new ArrayList<>();
        for (var e : bySha.entrySet()) {
            List<FinalEntry> fs = e.getValue();
            long size = fs.get(0).entry().size();
            List<String> paths = fs.stream().map(f -> f.entry().path()).sorted().limit(DuplicateGroup.MAX_PATHS).toList();
            out.add(new DuplicateGroup(e.getKey(), size, fs.size(), size * (fs.size() - 1), paths));
        }
        out.sort(Comparator.comparingLong(DuplicateGroup::sharableBytes).reversed()
                .thenComparing(g -> g.paths().get(0)));
        return out;
    }

    static long sharableBytes(List<DuplicateGroup> groups) {
        long s = 0;
        for (DuplicateGroup g : groups) s += g.sharableBytes();
        return s;
    }
}
