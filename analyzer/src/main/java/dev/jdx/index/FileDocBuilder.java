package dev.jdx.index;

import dev.jdx.fs.ChangeKind;
import dev.jdx.fs.EntryType;
import dev.jdx.fs.FileEntry;
import java.util.HexFormat;
import java.util.Locale;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.SortedNumericDocValuesField;
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
    // numbers: doc values (queries scan them, sorts read them) plus a stored copy; no points, see IndexFields
    private final Field layer = new SortedNumericDocValuesField(IndexFields.LAYER, 0);
    private final Field layerStored = new StoredField(IndexFields.LAYER, 0);
    private final Field path = new StringField(IndexFields.PATH, "", Field.Store.YES);
    // binary, not sorted, doc values: sorting by path compares the bytes of competitive hits at search time
    // (SortField.Type.STRING_VAL) instead of hashing and sorting every path again at each flush
    private final Field pathSort = new BinaryDocValuesField(IndexFields.PATH, new BytesRef());
    private final Field parent = new StringField(IndexFields.PARENT, "", Field.Store.NO);
    private final Field name = new StringField(IndexFields.NAME, "", Field.Store.NO);
    private final Field ext = new StringField(IndexFields.EXT, "", Field.Store.NO);
    private final Field type = new StringField(IndexFields.TYPE, "", Field.Store.YES);
    private final Field size = new SortedNumericDocValuesField(IndexFields.SIZE, 0);
    private final Field sizeStored = new StoredField(IndexFields.SIZE, 0L);
    private final Field mode = new StringField(IndexFields.MODE, "", Field.Store.YES);
    private final Field setuid = new StringField(IndexFields.SETUID, "true", Field.Store.NO);
    private final Field setgid = new StringField(IndexFields.SETGID, "true", Field.Store.NO);
    private final Field uid = new SortedNumericDocValuesField(IndexFields.UID, 0);
    private final Field uidStored = new StoredField(IndexFields.UID, 0);
    private final Field gid = new SortedNumericDocValuesField(IndexFields.GID, 0);
    private final Field gidStored = new StoredField(IndexFields.GID, 0);
    private final Field mtime = new SortedNumericDocValuesField(IndexFields.MTIME, 0);
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
        layer.setLongValue(index);
        layerStored.setIntValue(index);
    }

    Document build(FileEntry e, ChangeKind kindOfChange, boolean shadowed) {
        doc.clear();
        doc.add(kind);
        doc.add(image);
        doc.add(layer);
        doc.add(layerStored);
        String p = e.path();
        path.setStringValue(p);
        doc.add(path);
        pathSort.setBytesValue(new BytesRef(p));
        doc.add(pathSort);
        // no ancestor terms: dir:/usr/lib is a prefix query on path (IndexFields.dirQuery)
        if (!p.equals("/")) {
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
        sizeStored.setLongValue(e.size());
        doc.add(size);
        doc.add(sizeStored);
        mode.setStringValue(modeOctal(e.mode()));
        doc.add(mode);
        if (e.isSetuid()) doc.add(setuid);
        if (e.isSetgid()) doc.add(setgid);
        uid.setLongValue(e.uid());
        uidStored.setIntValue(e.uid());
        doc.add(uid);
        doc.add(uidStored);
        gid.setLongValue(e.gid());
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
