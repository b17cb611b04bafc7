package dev.jdx.index;

import dev.jdx.fs.ChangeKind;
import dev.jdx.fs.FileEntry;
import java.util.HexFormat;
import java.util.Locale;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
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
    private final Field imageKey;
    // numbers: doc values only (queries scan them, sorts read them); no points, see IndexFields
    private final Field layer = new SortedNumericDocValuesField(IndexFields.LAYER, 0);
    private final Field parent = new StringField(IndexFields.PARENT, "", Field.Store.NO);
    private final Field name = new StringField(IndexFields.NAME, "", Field.Store.NO);
    private final Field ext = new StringField(IndexFields.EXT, "", Field.Store.NO);
    private final Field size = new SortedNumericDocValuesField(IndexFields.SIZE, 0);
    private final Field uid = new SortedNumericDocValuesField(IndexFields.UID, 0);
    private final Field gid = new SortedNumericDocValuesField(IndexFields.GID, 0);
    private final Field mtime = new SortedNumericDocValuesField(IndexFields.MTIME, 0);
    // attributes: codes as doc values, not terms (FileAttributes); setuid/setgid are read from the mode
    private final Field type = new NumericDocValuesField(IndexFields.TYPE, 0);
    private final Field mode = new NumericDocValuesField(IndexFields.MODE, 0);
    private final Field status = new NumericDocValuesField(IndexFields.STATUS, 0);
    private final Field change = new NumericDocValuesField(IndexFields.CHANGE, 0);
    private final Field isFinal = new NumericDocValuesField(IndexFields.FINAL, 0);
    // the first 8 bytes of the digest; the whole digest is in the record (Sha256Query)
    private final Field sha256 = new NumericDocValuesField(IndexFields.SHA256, 0);
    private final Field link = new StringField(IndexFields.LINK, "", Field.Store.NO);
    // everything a hit shows, in one binary doc value that starts with the path and so is the path sort key too
    private final Field record = new BinaryDocValuesField(IndexFields.ENTRY, new BytesRef());
    private final FileRecord.Writer recordWriter = new FileRecord.Writer();
    private final byte[] sha = new byte[32];
    private int layerIndex;
    private static final int STATUS_REMOVED = FileAttributes.statusCode("removed"), STATUS_SHADOWED = FileAttributes.statusCode("shadowed");

    /**
     * The manifest digest, layer digest, diff_id and chain id are not repeated on every file document: they are the
     * same for all entries of a layer, so the query parser turns them into (image, layer) pairs via the layer
     * documents. That saves four terms per file entry, about a fifth of the indexing work.
     */
    FileDocBuilder(String imageKey) {
        image = new StringField(IndexFields.IMAGE, imageKey, Field.Store.NO);
        this.imageKey = new SortedDocValuesField(IndexFields.IMAGE, new BytesRef(imageKey));
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
        doc.add(imageKey);
        doc.add(layer);
        String p = e.path();
        // no path term: path queries are answered from parent and name (PathQueries); the record starts with it
        BytesRef pathBytes = new BytesRef(p);
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
        int typeCode = e.type().ordinal();
        type.setLongValue(typeCode);
        doc.add(type);
        size.setLongValue(e.size());
        doc.add(size);
        int m = e.mode() & 07777;
        mode.setLongValue(m);
        doc.add(mode);
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
            sha256.setLongValue(Sha256Query.firstBytes(sha));
            doc.add(sha256);
        }
        if (e.linkTarget() != null) {
            link.setStringValue(e.linkTarget());
            doc.add(link);
        }
        int statusCode = e.type().isMarker() ? STATUS_REMOVED : shadowed ? STATUS_SHADOWED : kindOfChange.ordinal();
        status.setLongValue(statusCode);
        doc.add(status);
        change.setLongValue(kindOfChange.ordinal());
        doc.add(change);
        boolean visible = !e.type().isMarker() && !shadowed;
        isFinal.setLongValue(visible ? 1 : 0);
        doc.add(isFinal);
        record.setBytesValue(recordWriter.write(layerIndex, pathBytes, typeCode, e.size(), m, e.uid(), e.gid(),
                e.mtime(), e.linkTarget(), hasSha ? sha : null, statusCode, visible));
        doc.add(record);
        return doc;
    }
}
