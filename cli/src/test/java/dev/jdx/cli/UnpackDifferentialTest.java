package dev.jdx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jdx.fixtures.ImageBuilder;
import dev.jdx.fixtures.LayerBuilder;
import dev.jdx.fixtures.LayerCompression;
import dev.jdx.fixtures.Requirements;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * jdx's final filesystem against a real unpacker's: random colliding layers are written as an OCI layout, unpacked
 * by {@code umoci raw unpack --rootless}, and inspected by jdx; {@code jdx ls -R --json} (served from the index)
 * must list exactly the paths on disk, each with the same type, size and symlink target. A hardlink is a regular
 * file on disk, of its target's size.
 *
 * <p>The layers are random but well formed, as a build writes them, because umoci (rightly) refuses the rest: gzip
 * or uncompressed (this umoci reads no zstd), no devices (a rootless unpack cannot create them), a hardlink only to a
 * file that exists, nothing under a symlinked directory (an unpacker follows it, a layer diff never has such a path),
 * and a path under a file only after a directory entry replaces that file. Within that, layers collide freely:
 * files over directories and back, whiteouts of present, absent and just-written paths, opaque directories, a path
 * written twice in one layer. An image umoci still refuses is not compared; the test insists that most are.
 */
class UnpackDifferentialTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What both sides agree a path is. */
    record Node(String type, long size, String target) {}

    @Test
    @Timeout(600)
    void theFinalFilesystemIsWhatUmociUnpacks(@TempDir Path dir) throws Exception {
        Path umoci = Requirements.tool("umoci");
        Path index = dir.resolve("index");
        int seeds = Integer.getInteger("jdx.sweep.seeds", 60);
        int compared = 0;
        List<String> refused = new ArrayList<>();
        for (int seed = 0; seed < seeds; seed++) {
            Random rnd = new Random(1000 + seed);
            int[] layers = new int[1];
            Path layout = dir.resolve("l" + seed);
            wellFormedImage(rnd, layers).writeOciLayout(layout, "1");
            Path rootfs = dir.resolve("r" + seed);
            Process p = new ProcessBuilder(umoci.toString(), "raw", "unpack", "--rootless", "--image", layout + ":1",
                    rootfs.toString()).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String what = "seed " + (1000 + seed) + " (" + layers[0] + " layers)";
            if (p.exitValue() != 0) {
                refused.add(what + ": " + log.lines().reduce((a, b) -> b).orElse(""));
                continue;
            }
            Jdx.Result r = Jdx.run("inspect", "-q", "--index", index.toString(), "--json", "-", "oci:" + layout + ":1");
            assertThat(r.code()).as("%s: inspect; stderr %s", what, r.err()).isZero();
            String id = JSON.readTree(r.out()).path("image").path("id").asText();
            Jdx.Result ls = Jdx.run("ls", "--index", index.toString(), "--json", "-R", id, "/");
            assertThat(ls.code()).as("%s: ls; stderr %s", what, ls.err()).isZero();
            Map<String, Node> jdx = fromJdx(JSON.readTree(ls.out()), index, id);
            Map<String, Node> disk = fromDisk(rootfs);
            assertThat(jdx).as("%s: differences (path: jdx / umoci) %s", what, differences(jdx, disk)).isEqualTo(disk);
            compared++;
        }
        System.out.printf("unpack differential: %d images compared, %d refused by umoci%n", compared, refused.size());
        assertThat(compared).as("images umoci refused: %s", refused).isGreaterThan(seeds / 2);
    }

    /** A random image whose layers a real unpacker accepts (see the class comment). */
    static ImageBuilder wellFormedImage(Random rnd, int[] layers) {
        ImageBuilder b = ImageBuilder.image();
        layers[0] = 1 + rnd.nextInt(4);
        Map<String, String> lower = new TreeMap<>(); // the stacked filesystem below: path -> file, dir, symlink, fifo
        for (int i = 0; i < layers[0]; i++) {
            LayerBuilder l = LayerBuilder.layer();
            Map<String, String> own = new LinkedHashMap<>();
            Set<String> gone = new HashSet<>(); // whited out or hidden by this layer's opaques
            Function<String, String> view = q -> {
                if (own.containsKey(q)) return own.get(q);
                for (String g : gone) if (q.equals(g) || q.startsWith(g + "/")) return null;
                return lower.get(q);
            };
            Map<String, Integer> writes = new HashMap<>();
            int n = 1 + rnd.nextInt(14);
            for (int k = 0; k < n; k++) {
                String p = RandomLayers.randomPath(rnd);
                writes.merge(p, 1, Integer::sum);
                // parents: a symlink on the way makes the entry unusable; a file on the way is replaced by a directory
                boolean usable = true;
                for (int at = p.indexOf('/'); at > 0 && usable; at = p.indexOf('/', at + 1)) {
                    String parent = p.substring(0, at);
                    String t = view.apply(parent);
                    if ("symlink".equals(t)) usable = false;
                    else if (t != null && !t.equals("dir")) {
                        l.dir(parent);
                        own.put(parent, "dir");
                        own.keySet().removeIf(x -> x.startsWith(parent + "/"));
                        gone.add(parent + "/");
                    }
                }
                if (!usable) continue;
                String was = view.apply(p);
                int kind = rnd.nextInt(10);
                if (kind == 6) kind = 0; // hardlinks come at the end of the layer (below)
                if (kind == 8 && !"dir".equals(was)) kind = 7;
                if (kind != 7 && kind != 8 && kind != 4 && "dir".equals(was)) {
                    // a non-directory over a directory removes the directory's content
                    own.keySet().removeIf(x -> x.startsWith(p + "/"));
                    gone.add(p + "/");
                }
                switch (kind) {
                    case 0, 1, 2 -> { l.file(p, rnd.nextInt(3000), rnd.nextInt(4)); own.put(p, "file"); }
                    case 3 -> { l.fifo(p); own.put(p, "fifo"); }
                    case 4 -> {
                        l.dir(p);
                        if (was != null && !was.equals("dir")) { own.keySet().removeIf(x -> x.startsWith(p + "/")); }
                        own.put(p, "dir");
                    }
                    case 5 -> { l.symlink(p, rnd.nextBoolean() ? RandomLayers.randomPath(rnd) : "/" + RandomLayers.randomPath(rnd)); own.put(p, "symlink"); }
                    case 7 -> { // a whiteout deletes p in the layers below only, so it must not follow p's own entry
                        if (own.containsKey(p) || own.keySet().stream().anyMatch(x -> x.startsWith(p + "/"))) continue;
                        l.whiteout(p);
                        gone.add(p);
                    }
                    case 8 -> { // opaque: the directory stays, what the layers below have in it is hidden
                        if (own.keySet().stream().anyMatch(x -> x.startsWith(p + "/"))) continue;
                        l.opaque(p);
                        gone.add(p + "/");
                        if (!own.containsKey(p)) own.put(p, "dir");
                    }
                    default -> { l.file(p, "x".getBytes(StandardCharsets.UTF_8), 04755, 0, 0); own.put(p, "file"); }
                }
            }
            // Hardlinks last, to files of this layer at new top-level names: in a layer diff a link and its target are
            // one inode, so the target is never written again after the link (that would make them two files).
            // (not to a path this layer wrote twice: the index keeps no tar order, so jdx ls --layer cannot tell the
            // two writes apart once a later layer shadows both, and this test looks the target up that way)
            List<String> files = new ArrayList<>();
            for (String q : own.keySet()) if ("file".equals(own.get(q)) && writes.getOrDefault(q, 0) == 1) files.add(q);
            for (int k = rnd.nextInt(3); k > 0 && !files.isEmpty(); k--) {
                String p = "link" + i + k;
                l.hardlink(p, files.get(rnd.nextInt(files.size())));
                if ("dir".equals(view.apply(p))) gone.add(p + "/");
                own.put(p, "file");
            }
            // stack the layer onto the model: deletions first (they apply to the layers below), then the entries
            for (String g : gone) lower.keySet().removeIf(q -> g.endsWith("/") ? q.startsWith(g) : q.equals(g) || q.startsWith(g + "/"));
            for (var e : own.entrySet()) {
                if (!e.getValue().equals("dir")) lower.keySet().removeIf(q -> q.startsWith(e.getKey() + "/"));
                lower.put(e.getKey(), e.getValue());
                for (int at = e.getKey().indexOf('/'); at > 0; at = e.getKey().indexOf('/', at + 1)) lower.putIfAbsent(e.getKey().substring(0, at), "dir");
            }
            b.layer(l, rnd.nextBoolean() ? LayerCompression.GZIP : LayerCompression.NONE, "RUN step " + i);
        }
        return b;
    }

    /** The final listing as paths on disk; a hardlink is its target as that layer wrote it (later layers may not). */
    private static Map<String, Node> fromJdx(JsonNode ls, Path index, String id) throws IOException {
        Map<String, Node> byPath = new TreeMap<>();
        Map<String, JsonNode> raw = new TreeMap<>();
        for (JsonNode e : ls.path("entries")) raw.put(e.path("path").asText(), e);
        for (JsonNode e : raw.values()) {
            String type = e.path("type").asText();
            long size = e.path("size").asLong();
            String target = e.path("linkTarget").isNull() ? null : e.path("linkTarget").asText();
            if (type.equals("hardlink")) {
                Jdx.Result t = Jdx.run("ls", "--index", index.toString(), "--json", "--layer", e.path("layer").asText(), id,
                        target.startsWith("/") ? target : "/" + target);
                type = "file";
                size = t.code() == 0 ? JSON.readTree(t.out()).path("entry").path("size").asLong(-1) : -1;
                target = null;
            }
            byPath.put(e.path("path").asText(), new Node(type, type.equals("file") ? size : 0, type.equals("symlink") ? target : null));
        }
        return byPath;
    }

    private static Map<String, String> differences(Map<String, Node> jdx, Map<String, Node> disk) {
        Map<String, String> d = new TreeMap<>();
        Set<String> paths = new TreeSet<>(jdx.keySet());
        paths.addAll(disk.keySet());
        for (String p : paths) {
            if (!Objects.equals(jdx.get(p), disk.get(p))) d.put(p, jdx.get(p) + " / " + disk.get(p));
        }
        return d;
    }

    private static Map<String, Node> fromDisk(Path rootfs) throws IOException {
        Map<String, Node> byPath = new TreeMap<>();
        try (Stream<Path> s = Files.walk(rootfs)) {
            for (Path p : s.toList()) {
                if (p.equals(rootfs)) continue;
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                String type = a.isDirectory() ? "dir" : a.isSymbolicLink() ? "symlink" : a.isRegularFile() ? "file" : "fifo";
                String target = a.isSymbolicLink() ? Files.readSymbolicLink(p).toString() : null;
                byPath.put("/" + rootfs.relativize(p).toString().replace('\\', '/'),
                        new Node(type, a.isRegularFile() ? a.size() : 0, target));
            }
        }
        return byPath;
    }
}
