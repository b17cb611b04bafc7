package dev.jdx.analysis;

import dev.jdx.fs.EntryType;
import dev.jdx.fs.FileEntry;
import dev.jdx.fs.LayerContents;
import dev.jdx.image.Compression;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Small builders of in-memory layers for the analysis tests. */
final class Entries {
    private Entries() {}

    static FileEntry dir(String path) {
        return new FileEntry(path, EntryType.DIR, 0755, 0, 0, 0, 0, null, null);
    }

    static FileEntry file(String path, long size) {
        return file(path, size, "c" + size + Integer.toHexString(path.hashCode()));
    }

    static FileEntry file(String path, long size, String sha) {
        return new FileEntry(path, EntryType.FILE, 0644, 0, 0, size, 0, null, sha);
    }

    static FileEntry file(String path, long size, String sha, int mode) {
        return new FileEntry(path, EntryType.FILE, mode, 0, 0, size, 0, null, sha);
    }

    static FileEntry symlink(String path, String target) {
        return new FileEntry(path, EntryType.SYMLINK, 0777, 0, 0, 0, 0, target, null);
    }

    static FileEntry hardlink(String path, String target) {
        return new FileEntry(path, EntryType.HARDLINK, 0644, 0, 0, 0, 0, target, null);
    }

    static FileEntry whiteout(String path) {
        return new FileEntry(path, EntryType.WHITEOUT, 0, 0, 0, 0, 0, null, null);
    }

    static FileEntry opaque(String dir) {
        return new FileEntry(dir, EntryType.OPAQUE, 0, 0, 0, 0, 0, null, null);
    }

    /** Layers from entry lists, indexed in order. */
    @SafeVarargs
    static List<LayerContents> layers(List<FileEntry>... perLayer) {
        List<LayerContents> out = new ArrayList<>();
        for (int i = 0; i < perLayer.length; i++) {
            long tar = 0;
            for (FileEntry e : perLayer[i]) tar += 512 + ((e.size() + 511) / 512) * 512;
            out.add(new LayerContents(i, perLayer[i], Compression.NONE, tar, tar + 1024, null));
        }
        return out;
    }

    static List<FileEntry> of(FileEntry... e) {
        return Arrays.asList(e);
    }
}
