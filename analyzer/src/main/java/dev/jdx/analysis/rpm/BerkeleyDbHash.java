package dev.jdx.analysis.rpm;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Reads the values of a Berkeley DB hash database held in memory, by its on-disk format (Berkeley DB 4.x-5.x,
 * {@code db_page.h} and {@code hash.h}): the metadata page, each bucket's chain of hash pages, and the overflow
 * chains of large items. Enough for rpm's {@code Packages} file before rpm 4.16 (RHEL / CentOS 7 and 8, Amazon Linux
 * 2): one rpm header per key. Not read: encrypted databases, sorted duplicates.
 *
 * <p>Every page number is checked against the file and each page is read at most once, so a hostile file is a
 * one-line {@link DatabaseFormatException}, never a hang. The metadata page's magic number tells the byte order
 * (Berkeley DB writes in the creating machine's).
 */
final class BerkeleyDbHash {
    static final int HASH_MAGIC = 0x061561;
    private static final int P_HASH_UNSORTED = 2, P_OVERFLOW = 7, P_HASHMETA = 8, P_HASH = 13;
    private static final int H_KEYDATA = 1, H_OFFPAGE = 3;
    private static final int PAGE_HEADER = 26;

    private final byte[] db;
    private final boolean littleEndian;
    private final int pageSize;
    private final int pages;

    private BerkeleyDbHash(byte[] db, boolean littleEndian, int pageSize) {
        this.db = db;
        this.littleEndian = littleEndian;
        this.pageSize = pageSize;
        this.pages = db.length / pageSize;
    }

    /** Whether the bytes start with a Berkeley DB hash metadata page (either byte order). */
    static boolean isHash(byte[] db) {
        return db.length >= 512 && (le32(db, 12) == HASH_MAGIC || be32(db, 12) == HASH_MAGIC);
    }

    static BerkeleyDbHash of(byte[] db) throws DatabaseFormatException {
        if (!isHash(db)) throw new DatabaseFormatException("not a Berkeley DB hash database");
        boolean le = le32(db, 12) == HASH_MAGIC;
        BerkeleyDbHash h = new BerkeleyDbHash(db, le, 512);
        int pageSize = (int) h.u32(20);
        if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) != 0) throw new DatabaseFormatException("bad page size " + pageSize);
        if (db[24] != 0) throw new DatabaseFormatException("the database is encrypted");
        if ((db[25] & 0xff) != P_HASHMETA) throw new DatabaseFormatException("page 0 is not a hash metadata page");
        if (db.length < pageSize) throw new DatabaseFormatException("truncated: " + db.length + " bytes");
        return new BerkeleyDbHash(db, le, pageSize);
    }

    /** Every data item (the odd items of the hash pages), bucket by bucket. */
    List<byte[]> values() throws DatabaseFormatException {
        long maxBucket = u32(72);
        if (maxBucket >= pages) throw new DatabaseFormatException("max bucket " + maxBucket + " beyond the file (" + pages + " pages)");
        List<byte[]> out = new ArrayList<>();
        BitSet seen = new BitSet(pages);
        seen.set(0);
        for (long bucket = 0; bucket <= maxBucket; bucket++) {
            long spare = u32(96 + 4 * ceilLog2(bucket + 1));
            long pgno = bucket + spare;
            while (pgno != 0) {
                int base = page(pgno, seen);
                int type = db[base + 25] & 0xff;
                if (type != P_HASH && type != P_HASH_UNSORTED) throw new DatabaseFormatException("page " + pgno + ": type " + type + " is not a hash page");
                int entries = u16(base + 20);
                if (PAGE_HEADER + 2 * entries > pageSize) throw new DatabaseFormatException("page " + pgno + ": " + entries + " items do not fit");
                for (int i = 1; i < entries; i += 2) out.add(item(pgno, base, i, seen));
                pgno = u32(base + 16);
            }
        }
        return out;
    }

    /** Item {@code i} of a hash page: inline (H_KEYDATA) or on an overflow chain (H_OFFPAGE). */
    private byte[] item(long pgno, int base, int i, BitSet seen) throws DatabaseFormatException {
        int off = u16(base + PAGE_HEADER + 2 * i);
        int end = i == 0 ? pageSize : u16(base + PAGE_HEADER + 2 * (i - 1));
        if (off < PAGE_HEADER || off >= end || end > pageSize) throw new DatabaseFormatException("page " + pgno + ": item " + i + " lies outside the page");
        int type = db[base + off] & 0xff;
        if (type == H_KEYDATA) return java.util.Arrays.copyOfRange(db, base + off + 1, base + end);
        if (type != H_OFFPAGE) throw new DatabaseFormatException("page " + pgno + ": item " + i + " of type " + type + " (duplicates are not read)");
        if (end - off < 12) throw new DatabaseFormatException("page " + pgno + ": item " + i + " is too short");
        long next = u32(base + off + 4), total = u32(base + off + 8);
        if (total > db.length) throw new DatabaseFormatException("page " + pgno + ": item of " + total + " bytes");
        byte[] value = new byte[(int) total];
        int at = 0;
        while (at < total) {
            if (next == 0) throw new DatabaseFormatException("overflow chain ends after " + at + " of " + total + " bytes");
            int ob = page(next, seen);
            if ((db[ob + 25] & 0xff) != P_OVERFLOW) throw new DatabaseFormatException("page " + next + " is not an overflow page");
            int n = u16(ob + 22); // bytes of the item on this page
            if (n > pageSize - PAGE_HEADER || n > total - at || n == 0) throw new DatabaseFormatException("overflow page " + next + ": " + n + " bytes");
            System.arraycopy(db, ob + PAGE_HEADER, value, at, n);
            at += n;
            next = u32(ob + 16);
        }
        return value;
    }

    /** The offset of page {@code pgno}, marking it read; a page reached twice is a cycle. */
    private int page(long pgno, BitSet seen) throws DatabaseFormatException {
        if (pgno < 1 || pgno >= pages) throw new DatabaseFormatException("page " + pgno + " beyond the file (" + pages + " pages)");
        if (seen.get((int) pgno)) throw new DatabaseFormatException("page " + pgno + " is reached twice (a cycle)");
        seen.set((int) pgno);
        return (int) pgno * pageSize;
    }

    /** ceil(log2(n)), as Berkeley DB's __db_log2 computes it for the spares table. */
    private static int ceilLog2(long n) {
        int i = 0;
        for (long limit = 1; limit < n; limit <<= 1) i++;
        return Math.min(i, 31);
    }

    private long u32(int at) {
        return littleEndian ? le32(db, at) & 0xffffffffL : be32(db, at) & 0xffffffffL;
    }

    private int u16(int at) {
        return littleEndian ? (db[at] & 0xff) | (db[at + 1] & 0xff) << 8 : (db[at] & 0xff) << 8 | (db[at + 1] & 0xff);
    }

    private static int le32(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }

    private static int be32(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

}
