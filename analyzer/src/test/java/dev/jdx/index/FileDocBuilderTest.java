package dev.jdx.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdx.fs.ChangeKind;
import dev.jdx.fs.EntryType;
import dev.jdx.fs.FileEntry;
import dev.jdx.fs.LayerStack;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;

/**
 * The terms a file document gets from its path are byte slices of the path's UTF-8 encoding; they must equal what
 * the plain string rules give ({@link FileEntry#parent()}, {@link FileEntry#name()}, the lower-cased text after the
 * name's last dot unless the name starts or ends with it).
 */
class FileDocBuilderTest {
    private static final List<String> PATHS = List.of("/", "/a", "/a/b", "/etc/passwd", "/x.TXT", "/usr/lib/libssl.so.3",
            "/a.b.", "/dir.d/file", "/dir.d/.hidden", "/.bashrc", "/a/b.", "/a/.", "/a/..x", "/A/B/README.Md",
            "/opt/ünïcode/dätei.TäR", "/opt/ünïcode/x.ÄB", "/日本/語.テキスト", "/a b/c d.e f", "/e/\u0130.\u0130NI",
            "/emoji/\uD83D\uDE00.\uD83D\uDE00", "relative/no-slash.Py", "noslash", "/trailing.x/y", "/x/.y.Z");

    @Test
    void pathTermsEqualTheStringRules() {
        FileDocBuilder b = new FileDocBuilder("sha256:" + "0".repeat(64));
        b.layer(3);
        for (String p : PATHS) {
            FileEntry e = new FileEntry(p, EntryType.FILE, 0644, 0, 0, 1, 0, null, null);
            Document d = b.build(e, ChangeKind.ADDED, LayerStack.NOT_SHADOWED);
            assertThat(term(d, IndexFields.NAME)).as("name of %s", p).isEqualTo(e.name());
            assertThat(term(d, IndexFields.PARENT)).as("parent of %s", p).isEqualTo(p.equals("/") ? null : e.parent());
            assertThat(term(d, IndexFields.EXT)).as("ext of %s", p).isEqualTo(expectedExt(e.name()));
        }
    }

    @Test
    void theShaAndLinkTermsAndTheRecordFollowTheEntry() {
        FileDocBuilder b = new FileDocBuilder("sha256:" + "0".repeat(64));
        b.layer(1);
        String hex = "00ff10a0b1c2d3e4f5061728394a5b6c7d8e9fa0b1c2d3e4f5061728394a5b6c";
        FileEntry f = new FileEntry("/bin/tool", EntryType.FILE, 04755, 1, 2, 42, 7, null, hex);
        Document d = b.build(f, ChangeKind.MODIFIED, 4);
        assertThat(d.getField(IndexFields.SHA256).numericValue().longValue())
                .isEqualTo(Sha256Query.firstBytes(HexFormat.of().parseHex(hex)));
        assertThat(d.getField(IndexFields.LINK)).isNull();
        FileHit r = FileRecord.read(d.getField(IndexFields.ENTRY).binaryValue(), "k", "img");
        assertThat(r).isEqualTo(new FileHit("k", "img", 1, "/bin/tool", "file", 42, 04755, 1, 2, 7, null, hex, "shadowed", 4, false));
        FileEntry l = new FileEntry("/bin/sh", EntryType.SYMLINK, 0777, 0, 0, 0, 0, "bäsh", null);
        d = b.build(l, ChangeKind.ADDED, LayerStack.NOT_SHADOWED);
        assertThat(term(d, IndexFields.LINK)).isEqualTo("bäsh");
        assertThat(d.getField(IndexFields.SHA256)).isNull();
        assertThat(term(d, IndexFields.NAME)).isEqualTo("sh"); // the slices of the previous, longer path are gone
        assertThat(term(d, IndexFields.PARENT)).isEqualTo("/bin");
    }

    private static String expectedExt(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 && dot < name.length() - 1 ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : null;
    }

    private static String term(Document d, String field) {
        List<String> values = new ArrayList<>();
        for (IndexableField f : d.getFields(field)) {
            if (f.fieldType().indexOptions() == org.apache.lucene.index.IndexOptions.NONE) continue;
            BytesRef v = f.binaryValue();
            values.add(v != null ? v.utf8ToString() : f.stringValue());
        }
        assertThat(values).as("terms of %s", field).hasSizeLessThanOrEqualTo(1);
        return values.isEmpty() ? null : values.get(0);
    }
}
