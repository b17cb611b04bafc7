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
 * <p>Compact because a 150,000-file image must stay well under 15 MB: path elements are interned once in
 * {@code names}; every distinct path (entries and their ancestors) is a {@code (parent, name)} pair in the flat
 * {@code paths} array, a parent always before its children; each layer is an array of entries
 * {@code [path, type, size, mode, uid, gid, change, shadowedBy(, linkTarget)]} with small integer codes whose
 * meanings are the {@code types} and {@code changes} tables. The filesystem as it stands after layer N (and so the
 * final one) is every non-marker entry of layers ≤ N whose {@code shadowedBy} is -1 or above N — exactly
 * {@link LayerStack}'s overlay semantics, so the browser never re-derives them.
 *
 * @param json       the document, already safe inside a script element ({@code <}, {@code >}, {@code &},
 *                   U+2028 and U+2029 escaped as {@code \}{@code uXXXX})
 * @param entryCount layer entries in it
 * @param pathCount  distinct paths in it
 */
public record TreeData(String json, int entryCount, int pathCount) {
    /** Format version of the document, checked by the script. */
    static final int VERSION = 1;

    private static final JsonFactory JSON = new JsonFactoryBuilder().characterEscapes(new ScriptSafeEscapes()).build();

    public static TreeData of(LayerStack stack) {
        Paths paths = new Paths();
        int entries = 0;
        StringWriter sw = new StringWriter(1 << 20);
        try (JsonGenerator g = JSON.createGenerator(sw)) {
            // Entries first into their own buffer: interning fills the name and path tables as it goes.
            StringWriter layersOut = new StringWriter(1 << 20);
            try (JsonGenerator lg = JSON.createGenerator(layersOut)) {
                lg.writeStartArray();
                List<LayerContents> layers = stack.layers();
                for (int l = 0; l < layers.size(); l++) {
                    List<FileEntry> es = layers.get(l).entries();
                    lg.writeStartArray();
                    for (int i = 0; i < es.size(); i++) {
                        FileEntry e = es.get(i);
                        lg.writeStartArray();
                        lg.writeNumber(paths.intern(e.path()));
                        lg.writeNumber(e.type().ordinal());
                        lg.writeNumber(e.size());
                        lg.writeNumber(e.mode());
                        lg.writeNumber(e.uid());
                        lg.writeNumber(e.gid());
                        lg.writeNumber(stack.kind(l, i).ordinal());
                        lg.writeNumber(stack.shadowedBy(l, i));
                        if (e.linkTarget() != null) lg.writeString(e.linkTarget());
                        lg.writeEndArray();
                        entries++;
                    }
                    lg.writeEndArray();
                }
                lg.writeEndArray();
            }
            g.writeStartObject();
            g.writeNumberField("v", VERSION);
            g.writeArrayFieldStart("types");
            for (EntryType t : EntryType.values()) g.writeString(t.name().toLowerCase(Locale.ROOT));
            g.writeEndArray();
            g.writeArrayFieldStart("changes");
            for (ChangeKind c : ChangeKind.values()) g.writeString(c.label());
            g.writeEndArray();
            g.writeArrayFieldStart("names");
            for (String n : paths.names) g.writeString(n);
            g.writeEndArray();
            g.writeFieldName("paths");
            g.writeArray(paths.pairs, 0, paths.count * 2);
            g.writeFieldName("layers");
            g.writeRawValue(layersOut.toString());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing the report's file-tree data", e);
        }
        return new TreeData(sw.toString(), entries, paths.count);
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
