package dev.jdx.analysis;

import dev.jdx.fs.CapturedFiles;
import dev.jdx.fs.ContentCapture;
import dev.jdx.fs.EntryType;
import dev.jdx.fs.FileEntry;
import dev.jdx.fs.LayerContents;
import dev.jdx.fs.LayerStack;
import dev.jdx.image.Compression;
import dev.jdx.image.Digest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds in-memory layers with file contents, captured through {@link AnalysisCapture} as the scanner would. */
final class TestFs {
    private final ContentCapture capture;
    private final List<List<FileEntry>> layers = new ArrayList<>();
    private final List<Map<String, byte[]>> kept = new ArrayList<>();

    TestFs() {
        this(AnalysisCapture.INSTANCE);
    }

    TestFs(ContentCapture capture) {
        this.capture = capture;
        layer();
    }

    /** Starts a new layer on top. */
    TestFs layer() {
        layers.add(new ArrayList<>());
        kept.add(new HashMap<>());
        return this;
    }

    TestFs file(String path, String content) {
        return file(path, content.getBytes(StandardCharsets.UTF_8));
    }

    TestFs file(String path, byte[] content) {
        ensureParents(path);
        String sha = Digest.sha256(content).hex();
        current().add(new FileEntry(path, EntryType.FILE, 0644, 0, 0, content.length, 0, null, sha));
        long limit = capture.limit(path);
        if (limit > 0 && content.length <= limit) {
            byte[] r = capture.reduce(path, content);
            if (r != null) kept.get(kept.size() - 1).put(path, r);
        }
        return this;
    }

    TestFs symlink(String path, String target) {
        ensureParents(path);
        current().add(new FileEntry(path, EntryType.SYMLINK, 0777, 0, 0, 0, 0, target, null));
        return this;
    }

    TestFs whiteout(String path) {
        current().add(new FileEntry(path, EntryType.WHITEOUT, 0, 0, 0, 0, 0, null, null));
        return this;
    }

    private void ensureParents(String path) {
        List<FileEntry> cur = current();
        String p = path;
        List<String> parents = new ArrayList<>();
        while (true) {
            int i = p.lastIndexOf('/');
            if (i <= 0) break;
            p = p.substring(0, i);
            parents.add(0, p);
        }
        for (String d : parents) {
            if (cur.stream().noneMatch(e -> e.path().equals(d))) cur.add(new FileEntry(d, EntryType.DIR, 0755, 0, 0, 0, 0, null, null));
        }
    }

    private List<FileEntry> current() {
        return layers.get(layers.size() - 1);
    }

    List<LayerContents> contents() {
        List<LayerContents> out = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) out.add(new LayerContents(i, layers.get(i), Compression.NONE, 0, 0, null));
        return out;
    }

    CapturedFiles captured() {
        return new CapturedFiles(kept);
    }

    FileContents files() {
        return new FileContents(LayerStack.build(contents()).finalTree(), captured());
    }
}
