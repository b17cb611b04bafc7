package dev.jdx.index;

import dev.jdx.fs.ChangeKind;
import dev.jdx.fs.EntryType;
import dev.jdx.fs.FileEntry;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntField;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.util.BytesRef;

/**
 * Builds the document of one file entry, reusing one set of {@link Field} objects per builder (one builder per
 * indexing thread): at a million entries per run, allocating some twenty fields per entry is measurable garbage.
 */
final class FileDocBuilder {
    private final Document doc = new Document();
    private final Field kind = new StringField(IndexFields.KIND, IndexFields.KIND_FILE, Field.Store.NO);
    private final Field image;
    private final Field layer = new IntField(IndexFields.LAYER, 0, Field.Store.YES);
    private final Field path = new StringField(IndexFields.PATH, "", Field.Store.YES);
    private final Field pathSort = new SortedDocValuesField(IndexFields.PATH, new BytesRef());
    private final List<Field> dirs = new ArrayList<>();
    private final Field parent = new StringField(IndexFields.PARENT, "", Field.Store.NO);
    private final Field name = new StringField(IndexFields.NAME, "", Field.Store.NO);
    private final Field ext = new StringField(IndexFields.EXT, "", Field.Store.NO);
    private final Field type = new StringField(IndexFields.TYPE, "", Field.Store.YES);
    private final Field size = new LongField(IndexFields.SIZE, 0, Field.Store.YES);
    private final Field mode = new StringField(IndexFields.MODE, "", Field.Store.YES);
    private final Field setuid = new StringField(IndexFields.SETUID, "true", Field.Store.NO);
    private final Field setgid = new StringField(IndexFields.SETGID, "true", Field.Store.NO);
    // uid, gid, mtime: points for queries plus a stored copy; no doc values, nothing sorts by them
    private final Field uid = new IntPoint(IndexFields.UID, 0);
    private final Field uidStored = new StoredField(IndexFields.UID, 0);
    private final Field gid = new IntPoint(IndexFields.GID, 0);
    private final Field gidStored = new StoredField(IndexFields.GID, 0);
    private final Field mtime = new LongPoint(IndexFields.MTIME, 0);
    private final Field mtimeStored = new StoredField(IndexFields.MTIME, 0L);
    // the 32 raw bytes, not 64 hex characters, both as the term and as the stored value: a third of the index
    // was sha256 text (random hex neither LZ4 nor the terms dictionary can shrink)
    private final Field sha256 = new StringField(IndexFields.SHA256, new BytesRef(), Field.Store.NO);
    private final Field sha256Stored = new StoredField(IndexFields.SHA256, new BytesRef());
    private final Field link = new StringField(IndexFields.LINK, "", Field.Store.YES);
    private final Field status = new StringField(IndexFields.STATUS, "", Field.Store.YES);
    private final Field change = new StringField(IndexFields.CHANGE, "", Field.Store.NO);
    private final Field isFinal = new StringField(IndexFields.FINAL, "", Field.Store.YES);
    private final char[] modeChars = new char[4];

    /**
     * The manifest digest, layer digest, diff_id and chain id are not repeated on every file document: they are the
     * same for all entries of a layer, so the query parser turns them into (image, layer) pairs via the layer
     * documents. That saves four terms per file entry, about a fifth of the indexing work.
     */
    FileDocBuilder(String imageKey) {
        image = new StringField(IndexFields.IMAGE, imageKey, Field.Store.YES);
    }

    /** Sets the per-layer fields once for the entries of that layer. */
    void layer(int index) {
        layer.setIntValue(index);
    }

    Document build(FileEntry e, ChangeKind kindOfChange, boolean shadowed) {
        doc.clear();
        doc.add(kind);
        doc.add(image);
        doc.add(layer);
        String p = e.path();
        path.setStringValue(p);
        doc.add(path);
        pathSort.setBytesValue(new BytesRef(p));
        doc.add(pathSort);
        // ancestors: "/", "/usr", "/usr/lib" for "/usr/lib/x"
        int nDirs = 0;
        if (!p.equals("/")) {
            for (int i = p.indexOf('/'); i >= 0; i = p.indexOf('/', i + 1)) {
                String d = i == 0 ? "/" : p.substring(0, i);
                dir(nDirs++).setStringValue(d);
            }
            for (int i = 0; i < nDirs; i++) doc.add(dirs.get(i));
            parent.setStringValue(e.parent());
            doc.add(parent);
        }
        String n = e.name();
        name.setStringValue(n);
        doc.add(name);
        int dot = n.lastIndexOf('.');
        if (dot > 0 && dot < n.length() - 1) {
            ext.setStringValue(n.substring(dot + 1).toLowerCase(Locale.ROOT));
            doc.add(ext);
        }
        type.setStringValue(typeName(e.type()));
        doc.add(type);
        size.setLongValue(e.size());
        doc.add(size);
        mode.setStringValue(modeOctal(e.mode()));
        doc.add(mode);
        if (e.isSetuid()) doc.add(setuid);
        if (e.isSetgid()) doc.add(setgid);
        uid.setIntValue(e.uid());
        uidStored.setIntValue(e.uid());
        doc.add(uid);
        doc.add(uidStored);
        gid.setIntValue(e.gid());
        gidStored.setIntValue(e.gid());
        doc.add(gid);
        doc.add(gidStored);
        mtime.setLongValue(e.mtime());
        mtimeStored.setLongValue(e.mtime());
        doc.add(mtime);
        doc.add(mtimeStored);
        if (e.sha256() != null && e.sha256().length() == 64) {
            BytesRef raw = new BytesRef(HexFormat.of().parseHex(e.sha256()));
            sha256.setBytesValue(raw);
            sha256Stored.setBytesValue(raw);
            doc.add(sha256);
            doc.add(sha256Stored);
        }
        if (e.linkTarget() != null) {
            link.setStringValue(e.linkTarget());
            doc.add(link);
        }
        String st = e.type().isMarker() ? "removed" : shadowed ? "shadowed" : kindOfChange.label();
        status.setStringValue(st);
        doc.add(status);
        change.setStringValue(kindOfChange.label());
        doc.add(change);
        isFinal.setStringValue(!e.type().isMarker() && !shadowed ? "true" : "false");
        doc.add(isFinal);
        return doc;
    }

    private Field dir(int i) {
        while (dirs.size() <= i) dirs.add(new StringField(IndexFields.DIR, "", Field.Store.NO));
        return dirs.get(i);
    }

    private String modeOctal(int m) {
        m &= 07777;
        for (int i = 3; i >= 0; i--) {
            modeChars[i] = (char) ('0' + (m & 7));
            m >>= 3;
        }
        return new String(modeChars);
    }

    static String typeName(EntryType t) {
        return switch (t) {
            case FILE -> "file";
            case DIR -> "dir";
            case SYMLINK -> "symlink";
            case HARDLINK -> "hardlink";
            case CHAR_DEVICE -> "char";
            case BLOCK_DEVICE -> "block";
            case FIFO -> "fifo";
            case WHITEOUT -> "whiteout";
            case OPAQUE -> "opaque";
        };
    }
}
