package dev.jdx.html;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.jdx.fs.ChangeKind;
import dev.jdx.fs.EntryType;
import dev.jdx.fs.FileEntry;
import dev.jdx.fs.LayerContents;
import dev.jdx.fs.LayerStack;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The file tree of every layer as one compact JSON document, embedded in the page as a
 * {@code <script type="application/json">} block and turned into a tree by {@code report.js} lazily.
 *
 * <p>Compact and quick to parse because a 150,000-file image must stay well under 15 MB and be interactive within
 * seconds: everything is a flat column of small integers (no object or array per file), and the columns that count
 * upwards are delta-encoded. Path elements are interned once and joined with {@code /} (which no element can hold)
 * in {@code names}; every distinct path (entries and their ancestors) has an id, parents before children, with
 * {@code parent} (id minus parent id) and {@code name} (delta of the name index) columns. Each layer holds one
 * column per field: {@code p} path id (delta), {@code t} type, {@code s} size, {@code m} mode, {@code u} uid,
 * {@code g} gid, {@code c} change, {@code x} shadowedBy (-1: nobody), and {@code l} link targets by entry index.
 * {@code emptied} lists the path ids of the final filesystem's directories that no tar declared and that later
 * layers emptied ({@link LayerStack#emptiedDirectories()}): no entry stands for them, yet they are on disk.
 * The codes' meanings are the {@code types} and {@code changes} tables. The filesystem as it stands after layer N
 * (and so the final one) is every non-marker entry of layers ≤ N whose {@code x} is -1 or above N — exactly
 * {@link LayerStack}'s overlay semantics, so the browser never re-derives them.
 *
 * @param json       the document, already safe inside a script element ({@code <}, {@code >}, {@code &},
 *                   U+2028 and U+2029 escaped as {@code \}{@code uXXXX})
 * @param entryCount layer entries in it
 * @param pathCount  distinct paths in it
 */
public record TreeData(String json, int entryCount, int pathCount) {
    /** Format version of the document, checked by the script. */
    static final int VERSION = 2;

    private static final JsonFactory JSON = new JsonFactoryBuilder().characterEscapes(new ScriptSafeEscapes()).build();

    public static TreeData of(LayerStack stack) {
        Paths paths = new Paths();
        List<LayerContents> layers = stack.layers();
        int[][] pathCol = new int[layers.size()][];
        for (int l = 0; l < layers.size(); l++) {
            List<FileEntry> es = layers.get(l).entries();
            pathCol[l] = new int[es.size()];
            for (int i = 0; i < es.size(); i++) pathCol[l][i] = paths.intern(es.get(i).path());
        }
        int[] emptied = stack.emptiedDirectories().stream().mapToInt(d -> paths.intern(d.entry().path())).toArray();
        int entries = 0;
        StringWriter sw = new StringWriter(1 << 20);
        try (JsonGenerator g = JSON.createGenerator(sw)) {
            g.writeStartObject();
            g.writeNumberField("v", VERSION);
            g.writeArrayFieldStart("types");
            for (EntryType t : EntryType.values()) g.writeString(t.name().toLowerCase(Locale.ROOT));
            g.writeEndArray();
            g.writeArrayFieldStart("changes");
            for (ChangeKind c : ChangeKind.values()) g.writeString(c.label());
            g.writeEndArray();
            g.writeStringField("names", String.join("/", paths.names));
            int[] parent = new int[paths.count];
            int[] name = new int[paths.count];
            for (int id = 0; id < paths.count; id++) {
                parent[id] = id == 0 ? 0 : id - paths.pairs[id * 2];
                name[id] = paths.pairs[id * 2 + 1] - (id == 0 ? 0 : paths.pairs[id * 2 - 1]);
            }
            g.writeFieldName("parent");
            g.writeArray(parent, 0, parent.length);
            g.writeFieldName("name");
            g.writeArray(name, 0, name.length);
            column(g, "emptied", emptied);
            g.writeArrayFieldStart("layers");
            for (int l = 0; l < layers.size(); l++) {
                List<FileEntry> es = layers.get(l).entries();
                int n = es.size();
                int[] p = new int[n], t = new int[n], m = new int[n], u = new int[n], gid = new int[n], c = new int[n], x = new int[n];
                long[] size = new long[n];
                for (int i = 0; i < n; i++) {
                    FileEntry e = es.get(i);
                    p[i] = pathCol[l][i] - (i == 0 ? 0 : pathCol[l][i - 1]);
                    t[i] = e.type().ordinal();
                    size[i] = e.size();
                    m[i] = e.mode();
                    u[i] = e.uid();
                    gid[i] = e.gid();
                    c[i] = stack.kind(l, i).ordinal();
                    x[i] = stack.shadowedBy(l, i);
                }
                g.writeStartObject();
                g.writeNumberField("n", n);
                column(g, "p", p);
                column(g, "t", t);
                g.writeFieldName("s");
                g.writeArray(size, 0, n);
                column(g, "m", m);
                column(g, "u", u);
                column(g, "g", gid);
                column(g, "c", c);
                column(g, "x", x);
                g.writeObjectFieldStart("l");
                for (int i = 0; i < n; i++) {
                    if (es.get(i).linkTarget() != null) g.writeStringField(Integer.toString(i), es.get(i).linkTarget());
                }
                g.writeEndObject();
                g.writeEndObject();
                entries += n;
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing the report's file-tree data", e);
        }
        return new TreeData(sw.toString(), entries, paths.count);
    }

    private static void column(JsonGenerator g, String field, int[] values) throws IOException {
        g.writeFieldName(field);
        g.writeArray(values, 0, values.length);
    }

    /** Interns paths (with all their ancestors, parents first) and their last elements. */
    private static final class Paths {
        final Map<String, Integer> ids = new HashMap<>();
        final Map<String, Integer> nameIds = new HashMap<>();
        final List<String> names = new ArrayList<>();
        int[] pairs = new int[1024];
        int count;

        Paths() {
            names.add("");
            nameIds.put("", 0);
            add("/", -1, 0);
        }

        int intern(String path) {
            Integer id = ids.get(path);
            if (id != null) return id;
            int slash = path.lastIndexOf('/');
            int parent = intern(slash <= 0 ? "/" : path.substring(0, slash));
            String name = path.substring(slash + 1);
            Integer nameId = nameIds.get(name);
            if (nameId == null) {
                nameId = names.size();
                names.add(name);
                nameIds.put(name, nameId);
            }
            return add(path, parent, nameId);
        }

        private int add(String path, int parent, int name) {
            if (pairs.length < (count + 1) * 2) pairs = Arrays.copyOf(pairs, pairs.length * 2);
            pairs[count * 2] = parent;
            pairs[count * 2 + 1] = name;
            ids.put(path, count);
            return count++;
        }
    }

    /** Escapes what could end or confuse a script element: {@code < > &} and the JavaScript line separators. */
    private static final class ScriptSafeEscapes extends CharacterEscapes {
        private final int[] ascii;

        ScriptSafeEscapes() {
            ascii = standardAsciiEscapesForJSON();
            ascii['<'] = ESCAPE_STANDARD;
            ascii['>'] = ESCAPE_STANDARD;
            ascii['&'] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return switch (ch) {
                case 0x2028 -> new SerializedString("\\u2028");
                case 0x2029 -> new SerializedString("\\u2029");
                default -> null;
            };
        }
    }
}
