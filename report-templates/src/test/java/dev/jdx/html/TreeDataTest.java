package dev.jdx.html;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jdx.fs.EntryType;
import dev.jdx.fs.FileEntry;
import dev.jdx.fs.FinalEntry;
import dev.jdx.fs.LayerContents;
import dev.jdx.fs.LayerStack;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The embedded tree data decodes (as report.js decodes it) back to exactly the stack's entries, and the
 * "visible after layer N" rule the browser applies yields exactly the stack's final filesystem.
 */
class TreeDataTest {
    @TempDir
    static Path tmp;

    static LayerStack stack(String which) throws IOException {
        return switch (which) {
            case "demo" -> Reports.demo(tmp).stack();
            case "hostile" -> Reports.hostile(tmp).stack();
            case "huge" -> Reports.huge(30_000, 4).stack();
            case "emptied" -> Reports.emptied(tmp).stack();
            default -> throw new IllegalArgumentException(which);
        };
    }

    /** One decoded entry, as the page sees it. */
    record Decoded(String path, String type, long size, int mode, int uid, int gid, String change, int shadowedBy, String link) {}

    /** The paths of the {@code emptied} column of the document {@link #decode} read last. */
    static final List<String> emptiedPaths = new ArrayList<>();

    static List<List<Decoded>> decode(String json) throws IOException {
        JsonNode d = new ObjectMapper().readTree(json);
        assertThat(d.get("v").asInt()).isEqualTo(TreeData.VERSION);
        String[] names = d.get("names").asText().split("/", -1);
        int n = d.get("parent").size();
        int[] parent = new int[n];
        int[] name = new int[n];
        int acc = 0;
        for (int i = 0; i < n; i++) {
            acc += d.get("name").get(i).asInt();
            name[i] = acc;
            parent[i] = i == 0 ? -1 : i - d.get("parent").get(i).asInt();
            assertThat(parent[i]).as("parents come before children").isLessThan(i);
        }
        String[] paths = new String[n];
        paths[0] = "/";
        for (int i = 1; i < n; i++) paths[i] = (parent[i] == 0 ? "" : paths[parent[i]]) + "/" + names[name[i]];
        emptiedPaths.clear();
        for (JsonNode id : d.get("emptied")) emptiedPaths.add(paths[id.asInt()]);
        List<List<Decoded>> out = new ArrayList<>();
        for (JsonNode l : d.get("layers")) {
            List<Decoded> entries = new ArrayList<>();
            int p = 0;
            for (int i = 0; i < l.get("n").asInt(); i++) {
                p += l.get("p").get(i).asInt();
                JsonNode link = l.get("l").get(Integer.toString(i));
                entries.add(new Decoded(paths[p], d.get("types").get(l.get("t").get(i).asInt()).asText(), l.get("s").get(i).asLong(),
                        l.get("m").get(i).asInt(), l.get("u").get(i).asInt(), l.get("g").get(i).asInt(),
                        d.get("changes").get(l.get("c").get(i).asInt()).asText(), l.get("x").get(i).asInt(),
                        link == null ? null : link.asText()));
            }
            out.add(entries);
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "hostile", "huge", "emptied"})
    void decodesToTheStacksEntriesAndItsFinalFilesystem(String which) throws IOException {
        LayerStack stack = stack(which);
        TreeData data = TreeData.of(stack);
        List<List<Decoded>> layers = decode(data.json());
        assertThat(layers).hasSize(stack.layers().size());
        int count = 0;
        for (int l = 0; l < layers.size(); l++) {
            List<FileEntry> want = stack.layers().get(l).entries();
            assertThat(layers.get(l)).hasSize(want.size());
            for (int i = 0; i < want.size(); i++) {
                FileEntry e = want.get(i);
                assertThat(layers.get(l).get(i)).isEqualTo(new Decoded(e.path(), e.type().name().toLowerCase(java.util.Locale.ROOT),
                        e.size(), e.mode(), e.uid(), e.gid(), stack.kind(l, i).label(), stack.shadowedBy(l, i), e.linkTarget()));
                count++;
            }
        }
        assertThat(data.entryCount()).isEqualTo(count);
        // the browser's rule for "visible after the last layer" gives the stack's final tree, entry for entry
        int last = layers.size() - 1;
        Map<String, Decoded> visible = new HashMap<>();
        for (int l = 0; l <= last; l++) {
            for (Decoded e : layers.get(l)) {
                boolean marker = e.type().equals("whiteout") || e.type().equals("opaque");
                if (!marker && (e.shadowedBy() == -1 || e.shadowedBy() > last)) {
                    assertThat(visible.put(e.path(), e)).as("one visible entry per path: " + e.path()).isNull();
                }
            }
        }
        assertThat(new TreeSet<>(visible.keySet()))
                .containsExactlyElementsOf(stack.finalTree().entries().stream().map(f -> f.entry().path()).toList());
        for (FinalEntry f : stack.finalTree().entries()) assertThat(visible.get(f.entry().path()).size()).isEqualTo(f.entry().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "hostile"})
    void intermediateViewsFollowOverlaySemantics(String which) throws IOException {
        // after layer N, the rule must equal the final tree of the stack of layers 0..N
        LayerStack stack = stack(which);
        List<List<Decoded>> layers = decode(TreeData.of(stack).json());
        for (int n = 0; n < layers.size(); n++) {
            List<LayerContents> prefix = stack.layers().subList(0, n + 1);
            LayerStack upTo = LayerStack.build(prefix);
            TreeSet<String> rule = new TreeSet<>();
            for (int l = 0; l <= n; l++) {
                for (Decoded e : layers.get(l)) {
                    boolean marker = e.type().equals("whiteout") || e.type().equals("opaque");
                    if (!marker && (e.shadowedBy() == -1 || e.shadowedBy() > n)) rule.add(e.path());
                }
            }
            assertThat(rule).as("after layer " + n)
                    .containsExactlyElementsOf(upTo.finalTree().entries().stream().map(f -> f.entry().path()).toList());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u2028", "\u2029", "</script>", "<!--", "&amp;", "]]>"})
    void dataIsSafeInsideAScriptElement(String hostile) throws IOException {
        FileEntry e = new FileEntry("/x" + hostile.replace("/", "|"), EntryType.SYMLINK, 0777, 0, 0, 0, 0, "t" + hostile, null);
        LayerStack stack = LayerStack.build(List.of(new LayerContents(0, List.of(e), dev.jdx.image.Compression.NONE, 1, 1,
                dev.jdx.image.Digest.sha256("x"))));
        String json = TreeData.of(stack).json();
        assertThat(json).doesNotContain("<", ">", "&", "\u2028", "\u2029");
        Decoded d = decode(json).getFirst().getFirst();
        assertThat(d.path()).isEqualTo(e.path());
        assertThat(d.link()).isEqualTo(e.linkTarget());
    }

    /** The directories later layers emptied are listed by path id, as the stack finds them (none in the others). */
    @ParameterizedTest
    @ValueSource(strings = {"demo", "emptied"})
    void emptiedDirectoriesAreListed(String which) throws IOException {
        LayerStack stack = stack(which);
        decode(TreeData.of(stack).json());
        assertThat(emptiedPaths).isEqualTo(stack.emptiedDirectories().stream().map(e -> e.entry().path()).toList());
        if (which.equals("emptied")) assertThat(emptiedPaths).containsExactly("/var/cache/apt");
    }
}
