package dev.jdx.analysis.rpm;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Reads the rows of one table of an SQLite 3 database file held in memory, by its file format alone
 * (https://www.sqlite.org/fileformat2.html): the header, table b-tree pages (interior and leaf), overflow chains and
 * the record format. Enough for rpm's {@code rpmdb.sqlite}; no SQL, no indexes, no write-ahead log (a caller checks
 * that the {@code -wal} file is empty), no WITHOUT ROWID tables.
 *
 * <p>Why not a driver: the only SQLite driver for Java bundles native libraries for every platform (about 13 MB) to
 * read one table, and opens files, not bytes. Why it is safe on hostile input: every page number is checked against
 * the file, each b-tree page and overflow page is visited at most once (a cycle is an error, not a hang), and every
 * offset and length is checked before it is read; a bad file is a {@link DatabaseFormatException}.
 */
public final class SqliteFile {
    private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final int TABLE_INTERIOR = 5, TABLE_LEAF = 13;

    private final byte[] db;
    private final int pageSize;
    private final int usable;
    private final int pageCount;

    /** One row: its rowid and its column values (Long, Double, String, byte[] or null). */
    public record Row(long rowid, List<Object> values) {}

    private SqliteFile(byte[] db, int pageSize, int usable, int pageCount) {
        this.db = db;
        this.pageSize = pageSize;
        this.usable = usable;
        this.pageCount = pageCount;
    }

    /** Whether the bytes start with SQLite 3's magic string. */
    public static boolean isSqlite(byte[] db) {
        return db.length >= 100 && java.util.Arrays.equals(db, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /** Checks the header of a database image. */
    public static SqliteFile of(byte[] db) throws DatabaseFormatException {
        if (!isSqlite(db)) {
            throw new DatabaseFormatException("not an SQLite 3 database");
        }
        int ps = u16(db, 16);
        int pageSize = ps == 1 ? 65536 : ps;
        if (pageSize < 512 || (pageSize & (pageSize - 1)) != 0) throw new DatabaseFormatException("bad page size " + ps);
        int reserved = db[20] & 0xff;
        int usable = pageSize - reserved;
        if (usable < 480) throw new DatabaseFormatException("bad reserved space " + reserved);
        if (u32(db, 56) > 1) throw new DatabaseFormatException("text encoding " + u32(db, 56) + " (only UTF-8 is read)");
        // the header's page count is valid only when written by a recent SQLite; the file length always is
        int pages = db.length / pageSize;
        if (pages < 1) throw new DatabaseFormatException("truncated: " + db.length + " bytes");
        return new SqliteFile(db, pageSize, usable, pages);
    }

    /** Every row of table {@code name}, in rowid order. */
    public List<Row> table(String name) throws DatabaseFormatException {
        return rows(rootPage(name));
    }

    /** The root page of table {@code name}, from the schema table on page 1. */
    int rootPage(String name) throws DatabaseFormatException {
        long root = -1;
        for (Row r : rows(1)) { // sqlite_schema: type, name, tbl_name, rootpage, sql
            List<Object> v = r.values();
            if (v.size() >= 4 && "table".equals(v.get(0)) && name.equals(v.get(1)) && v.get(3) instanceof Long p) root = p;
        }
        if (root < 1) throw new DatabaseFormatException("no table " + name);
        if (root > pageCount) throw new DatabaseFormatException("table " + name + ": root page " + root + " beyond the file");
        return (int) root;
    }

    private List<Row> rows(int root) throws DatabaseFormatException {
        List<Row> out = new ArrayList<>();
        walk(root, new BitSet(pageCount + 1), 0, out);
        return out;
    }

    private void walk(int page, BitSet seen, int depth, List<Row> out) throws DatabaseFormatException {
        if (page < 1 || page > pageCount) throw new DatabaseFormatException("page " + page + " beyond the file (" + pageCount + " pages)");
        if (seen.get(page)) throw new DatabaseFormatException("page " + page + " is reached twice (a cycle)");
        if (depth > 64) throw new DatabaseFormatException("b-tree deeper than 64 levels");
        seen.set(page);
        int base = (page - 1) * pageSize;
        int hdr = page == 1 ? 100 : 0; // page 1 starts with the file header
        int type = db[base + hdr] & 0xff;
        int cells = u16(db, base + hdr + 3);
        int pointers = base + hdr + (type == TABLE_INTERIOR ? 12 : 8);
        if (type != TABLE_INTERIOR && type != TABLE_LEAF) {
            throw new DatabaseFormatException("page " + page + ": type " + type + " is not a table b-tree page");
        }
        if (pointers + 2 * cells > base + usable) throw new DatabaseFormatException("page " + page + ": " + cells + " cells do not fit");
        for (int i = 0; i < cells; i++) {
            int cell = base + u16(db, pointers + 2 * i);
            if (cell < pointers + 2 * cells || cell >= base + usable) {
                throw new DatabaseFormatException("page " + page + ": cell " + i + " points outside the page");
            }
            if (type == TABLE_INTERIOR) {
                if (cell + 4 > base + usable) throw new DatabaseFormatException("page " + page + ": cell " + i + " overruns the page");
                walk((int) u32(db, cell), seen, depth + 1, out);
            } else {
                out.add(leafCell(page, base, cell, seen));
            }
        }
        if (type == TABLE_INTERIOR) walk((int) u32(db, base + hdr + 8), seen, depth + 1, out);
    }

    private Row leafCell(int page, int base, int cell, BitSet seen) throws DatabaseFormatException {
        long[] v = new long[2];
        int p = varint(db, cell, base + usable, v);
        long payload = v[0];
        p = varint(db, p, base + usable, v);
        long rowid = v[0];
        if (payload < 0 || payload > db.length) throw new DatabaseFormatException("page " + page + ": payload of " + payload + " bytes");
        int size = (int) payload;
        // how much of the payload is on the page (the rest is in the overflow chain), as the format defines it
        int x = usable - 35;
        int local = size;
        if (size > x) {
            int m = (usable - 12) * 32 / 255 - 23;
            int k = m + (size - m) % (usable - 4);
            local = k <= x ? k : m;
        }
        if (p + local > base + usable) throw new DatabaseFormatException("page " + page + ": cell overruns the page");
        byte[] record = new byte[size];
        System.arraycopy(db, p, record, 0, local);
        if (local < size) {
            if (p + local + 4 > base + usable) throw new DatabaseFormatException("page " + page + ": cell overruns the page");
            int next = (int) u32(db, p + local);
            int at = local;
            while (at < size) {
                if (next < 1 || next > pageCount) throw new DatabaseFormatException("overflow page " + next + " beyond the file");
                if (seen.get(next)) throw new DatabaseFormatException("overflow page " + next + " is reached twice (a cycle)");
                seen.set(next);
                int ob = (next - 1) * pageSize;
                int n = Math.min(usable - 4, size - at);
                System.arraycopy(db, ob + 4, record, at, n);
                at += n;
                next = (int) u32(db, ob);
            }
        }
        return new Row(rowid, decodeRecord(record));
    }

    /** The record format: a header of serial types, then the values. */
    static List<Object> decodeRecord(byte[] r) throws DatabaseFormatException {
        long[] v = new long[2];
        int p = varint(r, 0, r.length, v);
        long headerSize = v[0];
        if (headerSize < p || headerSize > r.length) throw new DatabaseFormatException("record header of " + headerSize + " bytes");
        List<Long> types = new ArrayList<>();
        while (p < headerSize) {
            p = varint(r, p, (int) headerSize, v);
            types.add(v[0]);
        }
        List<Object> out = new ArrayList<>(types.size());
        int at = (int) headerSize;
        for (long t : types) {
            int len = t >= 12 ? (int) ((t - 12) / 2) : t == 7 ? 8 : t >= 1 && t <= 4 ? (int) t : t == 5 ? 6 : t == 6 ? 8 : 0;
            if (t == 10 || t == 11 || t < 0 || (t >= 12 && (t - 12) / 2 > r.length) || at + len > r.length) {
                throw new DatabaseFormatException("bad record value (serial type " + t + ")");
            }
            Object value;
            if (t == 0) value = null;
            else if (t == 8) value = 0L;
            else if (t == 9) value = 1L;
            else if (t == 7) value = Double.longBitsToDouble(signed(r, at, 8));
            else if (t <= 6) value = signed(r, at, len);
            else if (t % 2 == 0) value = java.util.Arrays.copyOfRange(r, at, at + len);
            else value = new String(r, at, len, StandardCharsets.UTF_8);
            out.add(value);
            at += len;
        }
        return out;
    }

    /** Reads a varint at {@code p} (below {@code end}) into v[0]; returns the offset after it. */
    private static int varint(byte[] db, int p, int end, long[] v) throws DatabaseFormatException {
        long x = 0;
        for (int i = 0; i < 9; i++) {
            if (p >= end) throw new DatabaseFormatException("truncated varint");
            int b = db[p++] & 0xff;
            if (i == 8) {
                x = (x << 8) | b;
                break;
            }
            x = (x << 7) | (b & 0x7f);
            if ((b & 0x80) == 0) break;
        }
        v[0] = x;
        return p;
    }

    private static long signed(byte[] b, int at, int len) {
        long x = b[at]; // sign-extended first byte
        for (int i = 1; i < len; i++) x = (x << 8) | (b[at + i] & 0xff);
        return x;
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
    }

    private static long u32(byte[] b, int at) {
        return (long) (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

}
