package dev.jdx.analysis;

import dev.jdx.fs.CapturedFiles;
import dev.jdx.fs.EntryType;
import dev.jdx.fs.FileTree;
import dev.jdx.fs.FinalEntry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Read access to the captured contents of the final filesystem: symlinks (also in parent directories) and
 * hardlinks followed, the last writer of a path wins.
 */
final class FileContents {
    private static final int MAX_LINKS = 32;
    private final FileTree tree;
    private final CapturedFiles captured;

    FileContents(FileTree tree, CapturedFiles captured) {
        this.tree = tree;
        this.captured = captured == null ? CapturedFiles.NONE : captured;
    }

    FileTree tree() {
        return tree;
    }

    /** A file found in the final filesystem; {@code bytes} is null when the scanner did not keep its content. */
    record Found(String path, FinalEntry entry, byte[] bytes) {
        String text() {
            return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** The entry at {@code path} with symlinks resolved, or null when the path does not exist. */
    Found read(String path) {
        String resolved = resolve(path);
        if (resolved == null) return null;
        FinalEntry e = tree.get(resolved);
        if (e == null) return null;
        byte[] bytes = captured.get(e.layer(), resolved);
        if (bytes == null && e.entry().type() == EntryType.HARDLINK && e.entry().linkTarget() != null) {
            bytes = captured.get(e.layer(), e.entry().linkTarget());
        }
        return new Found(resolved, e, bytes);
    }

    boolean exists(String path) {
        return read(path) != null;
    }

    /** Every visible non-directory entry under {@code dir} (not following links), sorted by path. */
    List<FinalEntry> under(String dir) {
        List<FinalEntry> out = new ArrayList<>();
        String prefix = dir.endsWith("/") ? dir : dir + "/";
        for (FinalEntry e : tree.withPrefix(prefix)) {
            if (e.entry().type() != EntryType.DIR) out.add(e);
        }
        return out;
    }

    /** The captured bytes of a visible entry, or null. */
    byte[] bytesOf(FinalEntry e) {
        return captured.get(e.layer(), e.entry().path());
    }

    /** Resolves symlinks component by component, as the kernel would inside the image root; null when dangling. */
    String resolve(String path) {
        Deque<String> todo = new ArrayDeque<>(split(path));
        List<String> done = new ArrayList<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String name = todo.pollFirst();
            if (name.isEmpty() || name.equals(".")) continue;
            if (name.equals("..")) {
                if (!done.isEmpty()) done.remove(done.size() - 1);
                continue;
            }
            done.add(name);
            String current = "/" + String.join("/", done);
            FinalEntry e = tree.get(current);
            if (e == null) return todo.isEmpty() ? current : null;
            if (e.entry().type() == EntryType.SYMLINK && e.entry().linkTarget() != null) {
                if (++links > MAX_LINKS) return null;
                String target = e.entry().linkTarget();
                done.remove(done.size() - 1);
                if (target.startsWith("/")) done.clear();
                List<String> t = split(target);
                for (int i = t.size() - 1; i >= 0; i--) todo.addFirst(t.get(i));
            }
        }
        return "/" + String.join("/", done);
    }

    private static List<String> split(String p) {
        List<String> out = new ArrayList<>();
        for (String s : p.split("/")) if (!s.isEmpty()) out.add(s);
        return out;
    }
}
