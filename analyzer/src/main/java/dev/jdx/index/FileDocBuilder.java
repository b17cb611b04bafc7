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
    // numbers: doc values only (queries scan them, sorts read them); no points, see IndexFields
    private final Field layer = new SortedNumericDocValuesField(IndexFields.LAYER, 0);
    private final Field path = new StringField(IndexFields.PATH, new BytesRef(), Field.Store.NO);
    // binary, not sorted, doc values: sorting by path compares the bytes of competitive hits at search time
    // (SortField.Type.STRING_VAL) instead of hashing and sorting every path again at each flush
    private final Field pathSort = new BinaryDocValuesField(IndexFields.PATH, new BytesRef());
    private final Field parent = new StringField(IndexFields.PARENT, "", Field.Store.NO);
    private final Field name = new StringField(IndexFields.NAME, "", Field.Store.NO);
    private final Field ext = new StringField(IndexFields.EXT, "", Field.Store.NO);
    private final Field type = new StringField(IndexFields.TYPE, "", Field.Store.NO);
    private final Field size = new SortedNumericDocValuesField(IndexFields.SIZE, 0);
    private final Field mode = new StringField(IndexFields.MODE, "", Field.Store.NO);
    private final Field setuid = new StringField(IndexFields.SETUID, "true", Field.Store.NO);
    private final Field setgid = new StringField(IndexFields.SETGID, "true", Field.Store.NO);
    private final Field uid = new SortedNumericDocValuesField(IndexFields.UID, 0);
    private final Field gid = new SortedNumericDocValuesField(IndexFields.GID, 0);
    private final Field mtime = new SortedNumericDocValuesField(IndexFields.MTIME, 0);
    // the 32 raw bytes, not 64 hex characters: random hex neither LZ4 nor the terms dictionary can shrink
    private final Field sha256 = new StringField(IndexFields.SHA256, new BytesRef(), Field.Store.NO);
    private final Field link = new StringField(IndexFields.LINK, "", Field.Store.NO);
    private final Field status = new StringField(IndexFields.STATUS, "", Field.Store.NO);
    private final Field change = new StringField(IndexFields.CHANGE, "", Field.Store.NO);
    private final Field isFinal = new StringField(IndexFields.FINAL, "", Field.Store.NO);
    // everything a hit shows, in one stored value (see FileRecord): one stored field per document instead of a dozen
    private final Field record = new StoredField(IndexFields.ENTRY, new BytesRef());
    private final FileRecord.Writer recordWriter = new FileRecord.Writer();
    private final char[] modeChars = new char[4];
    private final byte[] sha = new byte[32];
    private final BytesRef shaRef = new BytesRef(sha);
    private int layerIndex;

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
        layerIndex = index;
    }

    Document build(FileEntry e, ChangeKind kindOfChange, boolean shadowed) {
        doc.clear();
        doc.add(kind);
        doc.add(image);
        doc.add(layer);
        String p = e.path();
        // one UTF-8 copy of the path serves the term and the doc values (the field keeps the reference)
        BytesRef pathBytes = new BytesRef(p);
        path.setBytesValue(pathBytes);
        doc.add(path);
        pathSort.setBytesValue(pathBytes);
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
        String typeName = typeName(e.type());
        type.setStringValue(typeName);
        doc.add(type);
        size.setLongValue(e.size());
        doc.add(size);
        mode.setStringValue(modeOctal(e.mode()));
        doc.add(mode);
        if (e.isSetuid()) doc.add(setuid);
        if (e.isSetgid()) doc.add(setgid);
        uid.setLongValue(e.uid());
        doc.add(uid);
        gid.setLongValue(e.gid());
        doc.add(gid);
        mtime.setLongValue(e.mtime());
        doc.add(mtime);
        boolean hasSha = e.sha256() != null && e.sha256().length() == 64;
        if (hasSha) {
            String h = e.sha256();
            for (int i = 0; i < 32; i++) {
                sha[i] = (byte) ((HexFormat.fromHexDigit(h.charAt(2 * i)) << 4) | HexFormat.fromHexDigit(h.charAt(2 * i + 1)));
            }
            sha256.setBytesValue(shaRef);
            doc.add(sha256);
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
        boolean visible = !e.type().isMarker() && !shadowed;
        isFinal.setStringValue(visible ? "true" : "false");
        doc.add(isFinal);
        record.setBytesValue(recordWriter.write(layerIndex, p, typeName, e.size(), e.mode(), e.uid(), e.gid(), e.mtime(),
                e.linkTarget(), hasSha ? sha : null, st, visible));
        doc.add(record);
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
