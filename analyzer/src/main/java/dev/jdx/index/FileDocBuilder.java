package dev.jdx.index;

import dev.jdx.fs.ChangeKind;
import dev.jdx.fs.FileEntry;
import dev.jdx.fs.LayerStack;
import java.util.HexFormat;
import java.util.Locale;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.BytesRefBuilder;

/**
 * Builds the document of one file entry, reusing one set of {@link Field} objects per builder (one builder per
 * indexing thread): at a million entries per run, allocating some twenty fields per entry is measurable garbage.
 */
final class FileDocBuilder {
    private final Document doc = new Document();
    private final Field kind = new StringField(IndexFields.KIND, IndexFields.KIND_FILE, Field.Store.NO);
    private final Field image;
    private final Field imageKey;
    // numbers searches sort by (layer, size) or filter on alone (size): doc values only; no points, see IndexFields
    private final Field layer = new NumericDocValuesField(IndexFields.LAYER, 0);
    // the terms are slices of the path's UTF-8 bytes (a '/' byte is never part of a longer UTF-8 sequence), so a
    // document encodes its path once, not once per field
    private final Field parent = new StringField(IndexFields.PARENT, new BytesRef(), Field.Store.NO);
    private final Field name = new StringField(IndexFields.NAME, new BytesRef(), Field.Store.NO);
    private final Field ext = new StringField(IndexFields.EXT, new BytesRef(), Field.Store.NO);
    private final BytesRefBuilder pathBytes = new BytesRefBuilder();
    private final BytesRef parentBytes = new BytesRef(), nameBytes = new BytesRef(), extBytes = new BytesRef();
    private byte[] extLower = new byte[16];
    private final Field size = new NumericDocValuesField(IndexFields.SIZE, 0);
    // type, mode, status, change and final: one packed doc value (FileAttributes); uid, gid and mtime are in the
    // record only (RecordFilters)
    private final Field attrs = new NumericDocValuesField(IndexFields.ATTRS, 0);
    // the first 8 bytes of the digest; the whole digest is in the record (Sha256Query)
    private final Field sha256 = new NumericDocValuesField(IndexFields.SHA256, 0);
    private final Field link = new StringField(IndexFields.LINK, new BytesRef(), Field.Store.NO);
    // everything a hit shows, in one binary doc value that starts with the path and so is the path sort key too
    private final Field record = new BinaryDocValuesField(IndexFields.ENTRY, new BytesRef());
    private final FileRecord.Writer recordWriter = new FileRecord.Writer();
    private final byte[] sha = new byte[32];
    private int layerIndex;
    private static final int STATUS_REMOVED = FileAttributes.statusCode("removed"), STATUS_SHADOWED = FileAttributes.statusCode("shadowed"),
            STATUS_IMPLIED = FileAttributes.statusCode(ImpliedDirectories.STATUS);

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

    /** @param shadowedBy the layer that replaced or removed the entry, or {@link LayerStack#NOT_SHADOWED} */
    Document build(FileEntry e, ChangeKind kindOfChange, int shadowedBy) {
        boolean shadowed = shadowedBy != LayerStack.NOT_SHADOWED;
        int statusCode = e.type().isMarker() ? STATUS_REMOVED : shadowed ? STATUS_SHADOWED : kindOfChange.ordinal();
        return build(e, kindOfChange, statusCode, shadowedBy, !e.type().isMarker() && !shadowed);
    }

    /** A directory no tar declared, empty in the final filesystem ({@link LayerStack#emptiedDirectories()}). */
    Document buildEmptied(FileEntry dir) {
        return build(dir, ChangeKind.ADDED, STATUS_IMPLIED, LayerStack.NOT_SHADOWED, true);
    }

    /*
     * build() holds no loop and calls helpers above C2's inlining limit (see the launcher), so that C2 compiles each
     * part once, small: as one method with its loops inlined, it was compiled four times (two of them on-stack
     * replacements started by the loops), 28 KB of machine code each, 1.2 s of C2 time in a one-shot inspect of a
     * 195k-entry image (0.25 s as it is now).
     */
    private Document build(FileEntry e, ChangeKind kindOfChange, int statusCode, int shadowedBy, boolean visible) {
        doc.clear();
        doc.add(kind);
        doc.add(image);
        doc.add(imageKey);
        doc.add(layer);
        // no path term: path queries are answered from parent and name (PathQueries); the record starts with it
        addPathTerms(e);
        size.setLongValue(e.size());
        doc.add(size);
        boolean hasSha = e.sha256() != null && e.sha256().length() == 64;
        if (hasSha) addSha256(e.sha256());
        if (e.linkTarget() != null) addLink(e.linkTarget());
        attrs.setLongValue(FileAttributes.pack(e.type().ordinal(), e.mode(), statusCode, kindOfChange.ordinal(), visible));
        doc.add(attrs);
        record.setBytesValue(recordWriter.write(layerIndex, pathBytes.get(), e.type().ordinal(), e.size(),
                e.mode() & 07777, e.uid(), e.gid(), e.mtime(), e.linkTarget(), hasSha ? sha : null, statusCode, shadowedBy, visible));
        doc.add(record);
        return doc;
    }

    /** parent, name and ext: slices of the path's UTF-8 bytes. */
    private void addPathTerms(FileEntry e) {
        pathBytes.copyChars(e.path());
        byte[] b = pathBytes.bytes();
        int len = pathBytes.length();
        int slash = lastIndexOf(b, 0, len, (byte) '/');
        if (len == 1 && b[0] == '/') {
            nameBytes.bytes = b; nameBytes.offset = 0; nameBytes.length = 1; // the root: name "/", no parent
        } else {
            // as FileEntry.parent() and name(): "/" for a top-level entry
            parentBytes.bytes = slash < 0 ? ROOT : b; parentBytes.offset = 0; parentBytes.length = slash <= 0 ? 1 : slash;
            parent.setBytesValue(parentBytes);
            doc.add(parent);
            nameBytes.bytes = b; nameBytes.offset = slash + 1; nameBytes.length = len - slash - 1;
        }
        name.setBytesValue(nameBytes);
        doc.add(name);
        // the extension: after the name's last dot, unless the name starts or ends with it
        int dot = lastIndexOf(b, nameBytes.offset, len, (byte) '.');
        if (dot > nameBytes.offset && dot < len - 1) {
            BytesRef x = lowerCase(b, dot + 1, len - dot - 1);
            if (x == null) x = nonAsciiExt(e.name()); // Java's lower-casing of the text
            ext.setBytesValue(x);
            doc.add(ext);
        }
    }

    private void addSha256(String hex) {
        parseHex(hex, sha);
        sha256.setLongValue(Sha256Query.firstBytes(sha));
        doc.add(sha256);
    }

    private void addLink(String target) {
        link.setBytesValue(new BytesRef(target));
        doc.add(link);
    }

    /** The last index of {@code c} in {@code b[from, to)}, or -1. */
    private static int lastIndexOf(byte[] b, int from, int to, byte c) {
        for (int i = to - 1; i >= from; i--) if (b[i] == c) return i;
        return -1;
    }

    /** Eight hex digits (four bytes) at a time: one call per int instead of two per byte, for every file document. */
    private static void parseHex(String hex, byte[] out) {
        for (int i = 0; i < out.length; i += 4) {
            int v = HexFormat.fromHexDigits(hex, 2 * i, 2 * i + 8);
            out[i] = (byte) (v >>> 24);
            out[i + 1] = (byte) (v >>> 16);
            out[i + 2] = (byte) (v >>> 8);
            out[i + 3] = (byte) v;
        }
    }

    private static BytesRef nonAsciiExt(String name) {
        return new BytesRef(name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT));
    }

    private static final byte[] ROOT = {'/'};

    /** The ASCII bytes lower-cased into a reused buffer, or null when one is not ASCII. */
    private BytesRef lowerCase(byte[] b, int off, int len) {
        if (extLower.length < len) extLower = new byte[len];
        for (int i = 0; i < len; i++) {
            byte c = b[off + i];
            if (c < 0) return null;
            extLower[i] = c >= 'A' && c <= 'Z' ? (byte) (c + ('a' - 'A')) : c;
        }
        extBytes.bytes = extLower; extBytes.offset = 0; extBytes.length = len;
        return extBytes;
    }
}
