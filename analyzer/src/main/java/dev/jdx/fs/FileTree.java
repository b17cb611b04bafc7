package dev.jdx.fs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A filesystem as a sorted list of entries with lookup by path and by parent directory. Used for the final
 * (squashed) filesystem; directories a tar never declared are not invented.
 */
public final class FileTree {
    private final List<FinalEntry> entries;
    private Map<String, List<FinalEntry>> children;

    /** @param entries sorted by path ({@link String#compareTo}) */
    FileTree(List<FinalEntry> entries) {
        this.entries = Collections.unmodifiableList(entries);
    }

    /** Every visible entry, sorted by path. */
    public List<FinalEntry> entries() {
        return entries;
    }

    /**
     * The entry at {@code path}, or null. A binary search of the sorted entries, not a hash map: an analysis looks up a
     * handful of paths (the OS release files, package databases), and a map of every path (150k+ on a large image)
     * cost more to build than all those lookups.
     */
    public FinalEntry get(String path) {
        int i = firstNotBefore(path);
        return i < entries.size() && entries.get(i).entry().path().equals(path) ? entries.get(i) : null;
    }

    /**
     * The entries whose path starts with {@code prefix}, in path order. They are one run of the sorted entries (a
     * string between two with the same prefix has it too), found by a binary search: no pass over every entry.
     */
    public List<FinalEntry> withPrefix(String prefix) {
        int from = firstNotBefore(prefix), end = from;
        while (end < entries.size() && entries.get(end).entry().path().startsWith(prefix)) end++;
        return entries.subList(from, end);
    }

    /** The index of the first entry whose path is not before {@code path}, or the size: a binary search. */
    private int firstNotBefore(String path) {
        int lo = 0, hi = entries.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (entries.get(mid).entry().path().compareTo(path) < 0) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    public boolean contains(String path) {
        return get(path) != null;
    }

    /** Direct children of {@code dir}, sorted by path. */
    public synchronized List<FinalEntry> children(String dir) {
        if (children == null) {
            children = new HashMap<>();
            for (FinalEntry e : entries) {
                if (e.entry().path().equals("/")) continue;
                children.computeIfAbsent(e.entry().parent(), k -> new ArrayList<>()).add(e);
            }
        }
        return children.getOrDefault(dir, List.of());
    }

    /** Sum of the sizes of the visible entries. */
    public long totalSize() {
        long s = 0;
        for (FinalEntry e : entries) s += e.entry().size();
        return s;
    }

    /** Number of visible entries that are not directories. */
    public int fileCount() {
        int n = 0;
        for (FinalEntry e : entries) if (e.entry().type() != EntryType.DIR) n++;
        return n;
    }

    public int size() {
        return entries.size();
    }
}
