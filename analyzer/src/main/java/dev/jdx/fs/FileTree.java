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
    private final Map<String, FinalEntry> byPath;
    private Map<String, List<FinalEntry>> children;

    /** @param entries sorted by path */
    FileTree(List<FinalEntry> entries) {
        this.entries = Collections.unmodifiableList(entries);
        this.byPath = new HashMap<>(entries.size() * 2);
        for (FinalEntry e : entries) byPath.put(e.entry().path(), e);
    }

    /** Every visible entry, sorted by path. */
    public List<FinalEntry> entries() {
        return entries;
    }

    public FinalEntry get(String path) {
        return byPath.get(path);
    }

    public boolean contains(String path) {
        return byPath.containsKey(path);
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
