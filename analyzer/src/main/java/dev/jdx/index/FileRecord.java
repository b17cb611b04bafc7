package dev.jdx.index;

import java.util.HexFormat;
import org.apache.lucene.store.ByteArrayDataInput;
import org.apache.lucene.store.ByteArrayDataOutput;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.BytesRef;

/**
 * The record of a file document ({@link IndexFields#ENTRY}), a binary doc value: what a search hit or a listing shows,
 * written with Lucene's variable-length encodings. File documents have no stored fields at all: the stored-fields
 * writer (LZ4 compression at every flush, per-document bookkeeping) was a quarter of the indexing threads' time.
 *
 * <p>Layout: the path's UTF-8 bytes, a 0 byte, the layer as 2 big-endian bytes, a flags byte (1 = in the final
 * filesystem, 2 = has sha256, 4 = has link), the type code and the status code ({@link FileAttributes}), the 32
 * sha256 bytes when flagged, then vlong size, vint mode, zint uid, zint gid, zlong mtime, vint shadowed-by layer + 1
 * (0: not shadowed) and the link target when flagged.
 *
 * <p>Starting with the path and the layer makes the record its own sort key: comparing two records' bytes compares
 * the paths, then the layers of one path (a path cannot hold a 0 byte, and 0 sorts a path before its longer
 * extensions, as plain path order does). The record is also where queries on uid, gid and mtime read them
 * ({@link RecordFilters}).
 */
final class FileRecord {
    private FileRecord() {}

    /** The highest layer index a record holds (Docker allows 127 layers; OCI sets no limit). */
    static final int MAX_LAYER = 0xffff;
    /** From the path's 0 byte to the sha256: the 0, the layer, flags, type and status. */
    private static final int FIXED = 6;

    /** Encodes records into one reused buffer; one writer per indexing thread. */
    static final class Writer {
        private byte[] buf = new byte[512];
        private final ByteArrayDataOutput out = new ByteArrayDataOutput();
        private final BytesRef ref = new BytesRef();

        /** The encoded record; valid until the next call. {@code path} is the path's UTF-8 bytes. */
        BytesRef write(int layer, BytesRef path, int typeCode, long size, int mode, int uid, int gid, long mtime,
                       String link, byte[] sha256, int statusCode, int shadowedBy, boolean inFinal) {
            // worst case: the path, 3 bytes per UTF-16 unit of the link, the fixed part
            int need = 80 + path.length + (link == null ? 0 : 3 * link.length());
            if (buf.length < need) buf = new byte[ArrayUtil.oversize(need, 1)];
            out.reset(buf);
            try {
                if (layer < 0 || layer > MAX_LAYER) throw new IllegalArgumentException("layer " + layer + " is beyond the index's " + MAX_LAYER);
                out.writeBytes(path.bytes, path.offset, path.length);
                out.writeByte((byte) 0);
                out.writeByte((byte) (layer >>> 8));
                out.writeByte((byte) layer);
                out.writeByte((byte) ((inFinal ? 1 : 0) | (sha256 != null ? 2 : 0) | (link != null ? 4 : 0)));
                out.writeByte((byte) typeCode);
                out.writeByte((byte) statusCode);
                if (sha256 != null) out.writeBytes(sha256, 0, 32);
                out.writeVLong(size);
                out.writeVInt(mode);
                out.writeZInt(uid);
                out.writeZInt(gid);
                out.writeZLong(mtime);
                out.writeVInt(shadowedBy + 1);
                if (link != null) out.writeString(link);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e); // not thrown by an in-memory output
            }
            ref.bytes = buf;
            ref.offset = 0;
            ref.length = out.getPosition();
            return ref;
        }
    }

    /** The length of the path's UTF-8 bytes at the start of the record. */
    static int pathLength(BytesRef b) {
        return pathEnd(b) - b.offset;
    }

    /** Offset of the 0 byte that ends the path. */
    private static int pathEnd(BytesRef b) {
        int end = b.offset + b.length;
        for (int i = b.offset; i < end; i++) if (b.bytes[i] == 0) return i;
        throw new IllegalStateException("file record without a path terminator");
    }

    /** The numbers a query can ask of a record without decoding it into a hit ({@link RecordFilters}). */
    enum Number { UID, GID, MTIME }

    /** Number {@code n} of record {@code b}; {@code in} is the caller's, reused from record to record. */
    static long number(BytesRef b, Number n, ByteArrayDataInput in) {
        int p = pathEnd(b);
        int numbers = p + FIXED + ((b.bytes[p + 3] & 2) != 0 ? 32 : 0);
        in.reset(b.bytes, numbers, b.offset + b.length - numbers);
        try {
            in.readVLong(); // size
            in.readVInt(); // mode
            int uid = in.readZInt();
            if (n == Number.UID) return uid;
            int gid = in.readZInt();
            if (n == Number.GID) return gid;
            return in.readZLong();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // not thrown by an in-memory input
        }
    }

    /** Whether the record has a sha256 whose first {@code nibbles} hex digits are those of {@code digest}. */
    static boolean sha256StartsWith(BytesRef b, byte[] digest, int nibbles) {
        int p = pathEnd(b);
        if ((b.bytes[p + 3] & 2) == 0) return false;
        int sha = p + FIXED;
        for (int i = 0; i < nibbles; i++) {
            int have = b.bytes[sha + i / 2], want = digest[i / 2];
            if (i % 2 == 0 ? (have & 0xf0) != (want & 0xf0) : (have & 0x0f) != (want & 0x0f)) return false;
        }
        return true;
    }

    /** Decodes a record into a hit of image {@code imageKey} shown as {@code imageName}. */
    static FileHit read(BytesRef b, String imageKey, String imageName) {
        try {
            return decode(b, imageKey, imageName);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // not thrown by an in-memory input
        }
    }

    private static FileHit decode(BytesRef b, String imageKey, String imageName) throws java.io.IOException {
        int p = pathEnd(b);
        String path = new String(b.bytes, b.offset, p - b.offset, java.nio.charset.StandardCharsets.UTF_8);
        int layer = (b.bytes[p + 1] & 0xff) << 8 | (b.bytes[p + 2] & 0xff);
        int flags = b.bytes[p + 3];
        String type = FileAttributes.TYPES.get(b.bytes[p + 4]);
        String status = FileAttributes.STATUSES.get(b.bytes[p + 5]);
        ByteArrayDataInput in = new ByteArrayDataInput(b.bytes, p + FIXED, b.offset + b.length - (p + FIXED));
        String sha = null;
        if ((flags & 2) != 0) {
            byte[] raw = new byte[32];
            in.readBytes(raw, 0, 32);
            sha = HexFormat.of().formatHex(raw);
        }
        long size = in.readVLong();
        int mode = in.readVInt();
        int uid = in.readZInt();
        int gid = in.readZInt();
        long mtime = in.readZLong();
        int shadowedBy = in.readVInt() - 1;
        String link = (flags & 4) != 0 ? in.readString() : null;
        return new FileHit(imageKey, imageName, layer, path, type, size, mode, uid, gid, mtime, link, sha, status,
                shadowedBy < 0 ? null : shadowedBy, (flags & 1) != 0);
    }
}
