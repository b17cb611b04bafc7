package dev.jdx.index;

import java.util.HexFormat;
import org.apache.lucene.store.ByteArrayDataInput;
import org.apache.lucene.store.ByteArrayDataOutput;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.BytesRef;

/**
 * The stored value of a file document ({@link IndexFields#ENTRY}): what a search hit or a listing shows, in one
 * binary value written with Lucene's variable-length encodings. One stored field per document instead of a dozen
 * makes storing cheaper to write (per-field headers and bookkeeping were a sixth of the indexing time) and to read.
 *
 * <p>Layout: version byte, vint layer, string path, string type, vlong size, vint mode, zint uid, zint gid,
 * zlong mtime, string status, byte flags (1 = in the final filesystem, 2 = has sha256, 4 = has link), then the
 * 32 sha256 bytes and the link target when flagged.
 */
final class FileRecord {
    private static final byte VERSION = 1;

    private FileRecord() {}

    /** Encodes records into one reused buffer; one writer per indexing thread. */
    static final class Writer {
        private byte[] buf = new byte[512];
        private final ByteArrayDataOutput out = new ByteArrayDataOutput();
        private final BytesRef ref = new BytesRef();

        /** The encoded record; valid until the next call. */
        BytesRef write(int layer, String path, String type, long size, int mode, int uid, int gid, long mtime,
                       String link, byte[] sha256, String status, boolean inFinal) {
            // worst case: 3 bytes per UTF-16 unit of each string plus the fixed part
            int need = 64 + 3 * (path.length() + type.length() + status.length() + (link == null ? 0 : link.length()))
                    + (sha256 == null ? 0 : 32);
            if (buf.length < need) buf = new byte[ArrayUtil.oversize(need, 1)];
            out.reset(buf);
            try {
                out.writeByte(VERSION);
                out.writeVInt(layer);
                out.writeString(path);
                out.writeString(type);
                out.writeVLong(size);
                out.writeVInt(mode);
                out.writeZInt(uid);
                out.writeZInt(gid);
                out.writeZLong(mtime);
                out.writeString(status);
                out.writeByte((byte) ((inFinal ? 1 : 0) | (sha256 != null ? 2 : 0) | (link != null ? 4 : 0)));
                if (sha256 != null) out.writeBytes(sha256, 0, 32);
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

    /** Decodes a stored record into a hit of image {@code imageKey} shown as {@code imageName}. */
    static FileHit read(BytesRef b, String imageKey, String imageName) {
        try {
            return decode(b, imageKey, imageName);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // not thrown by an in-memory input
        }
    }

    private static FileHit decode(BytesRef b, String imageKey, String imageName) throws java.io.IOException {
        ByteArrayDataInput in = new ByteArrayDataInput(b.bytes, b.offset, b.length);
        byte version = in.readByte();
        if (version != VERSION) throw new IllegalStateException("file record version " + version + " (this jdx reads " + VERSION + ")");
        int layer = in.readVInt();
        String path = in.readString();
        String type = in.readString();
        long size = in.readVLong();
        int mode = in.readVInt();
        int uid = in.readZInt();
        int gid = in.readZInt();
        long mtime = in.readZLong();
        String status = in.readString();
        int flags = in.readByte();
        String sha = null;
        if ((flags & 2) != 0) {
            byte[] raw = new byte[32];
            in.readBytes(raw, 0, 32);
            sha = HexFormat.of().formatHex(raw);
        }
        String link = (flags & 4) != 0 ? in.readString() : null;
        return new FileHit(imageKey, imageName, layer, path, type, size, mode, uid, gid, mtime, link, sha, status,
                (flags & 1) != 0);
    }
}
