package dev.jdx.analysis.rpm;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The packages of an rpm database: in its sqlite form ({@code rpmdb.sqlite}: rpm 4.16 and later, so Fedora 33+,
 * RHEL / UBI / Rocky / Alma 9+, Amazon Linux 2023, CentOS Stream 9+), whose {@code Packages} table holds one rpm header
 * per installed package as a blob, or in its Berkeley DB form ({@code Packages}, a hash database: RHEL / CentOS 7 and
 * 8, Amazon Linux 2), one header per key. NDB ({@code Packages.db}: SUSE) databases are not read.
 *
 * <p>The scanner keeps a database file only in its {@linkplain #reduce reduced} form: one line per package, so a
 * 10-100 MB database costs the heap a few kilobytes once its layer is read.
 */
public final class RpmDatabase {
    private RpmDatabase() {}

    /** One installed package: {@code version} is rpm's EVR ({@code [epoch:]version-release}); arch may be null. */
    public record Entry(String name, String version, String arch) {}

    // rpm header tags and types (rpm's rpmtag.h)
    private static final int NAME = 1000, VERSION = 1001, RELEASE = 1002, EPOCH = 1003, ARCH = 1022;
    private static final int INT32 = 4, STRING = 6, I18NSTRING = 9;
    private static final String ERROR = "#error ";

    /** The packages of an rpm database file, sqlite or Berkeley DB, told apart by their magic numbers. */
    public static List<Entry> read(byte[] db) throws DatabaseFormatException {
        if (BerkeleyDbHash.isHash(db)) return readBerkeleyDb(db);
        if (SqliteFile.isSqlite(db)) return readSqlite(db);
        throw new DatabaseFormatException("neither an SQLite nor a Berkeley DB hash database");
    }

    /** The packages of a Berkeley DB {@code Packages} file, bucket by bucket. */
    public static List<Entry> readBerkeleyDb(byte[] db) throws DatabaseFormatException {
        List<Entry> out = new ArrayList<>();
        long n = 0;
        for (byte[] value : BerkeleyDbHash.of(db).values()) {
            n++;
            if (value.length == 4) continue; // rpm's record 0: the next header instance number, not a header
            out.add(header(value, n));
        }
        return out;
    }

    /** The packages of an {@code rpmdb.sqlite} file, in the table's order (install order). */
    public static List<Entry> readSqlite(byte[] db) throws DatabaseFormatException {
        List<Entry> out = new ArrayList<>();
        for (SqliteFile.Row r : SqliteFile.of(db).table("Packages")) {
            Object blob = r.values().size() > 1 ? r.values().get(1) : null;
            if (!(blob instanceof byte[] b)) throw new DatabaseFormatException("package " + r.rowid() + ": no header blob");
            out.add(header(b, r.rowid()));
        }
        return out;
    }

    /**
     * The header blob as rpm stores it in a database: index length {@code il} and data length {@code dl} (big-endian
     * int32), {@code il} entries of (tag, type, offset, count), then {@code dl} bytes of data.
     */
    static Entry header(byte[] b, long id) throws DatabaseFormatException {
        if (b.length < 8) throw new DatabaseFormatException("package " + id + ": header of " + b.length + " bytes");
        long il = u32(b, 0), dl = u32(b, 4);
        long data = 8 + 16 * il;
        if (il < 1 || il > 0xffff || data + dl > b.length) {
            throw new DatabaseFormatException("package " + id + ": header sizes (" + il + " tags, " + dl
                    + " data bytes) do not fit its " + b.length + " bytes");
        }
        String name = null, version = null, release = null, arch = null;
        Long epoch = null;
        for (int i = 0; i < il; i++) {
            int e = 8 + 16 * i;
            int tag = (int) u32(b, e), type = (int) u32(b, e + 4);
            long off = u32(b, e + 8);
            if (tag != NAME && tag != VERSION && tag != RELEASE && tag != EPOCH && tag != ARCH) continue;
            if (off >= dl) throw new DatabaseFormatException("package " + id + ": tag " + tag + " points outside the header");
            int at = (int) (data + off), end = (int) (data + dl);
            if (tag == EPOCH) {
                if (type != INT32 || at + 4 > end) throw new DatabaseFormatException("package " + id + ": bad epoch");
                epoch = u32(b, at);
                continue;
            }
            if (type != STRING && type != I18NSTRING) throw new DatabaseFormatException("package " + id + ": tag " + tag + " is not a string");
            int z = at;
            while (z < end && b[z] != 0) z++;
            if (z == end) throw new DatabaseFormatException("package " + id + ": unterminated string of tag " + tag);
            String s = new String(b, at, z - at, StandardCharsets.UTF_8);
            switch (tag) {
                case NAME -> name = s;
                case VERSION -> version = s;
                case RELEASE -> release = s;
                default -> arch = s;
            }
        }
        if (name == null || version == null) throw new DatabaseFormatException("package " + id + ": no name or version");
        String evr = (epoch != null ? epoch + ":" : "") + version + (release != null ? "-" + release : "");
        return new Entry(name, evr, arch);
    }

    /**
     * What the scanner keeps of a database file: a line per package ({@code name TAB evr TAB arch}), or one
     * {@code #error} line saying why it could not be read.
     */
    public static byte[] reduce(byte[] db) {
        StringBuilder sb = new StringBuilder("#rpmdb\n");
        try {
            for (Entry e : read(db)) {
                sb.append(clean(e.name())).append('\t').append(clean(e.version())).append('\t')
                        .append(e.arch() == null ? "" : clean(e.arch())).append('\n');
            }
        } catch (DatabaseFormatException | RuntimeException e) {
            sb.setLength(0);
            sb.append(ERROR).append(clean(String.valueOf(e.getMessage()))).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The packages of a reduced database ({@link #reduce}); none for an error. */
    public static List<Entry> parseReduced(String text) {
        List<Entry> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] f = line.split("\t", -1);
            if (f.length != 3) continue;
            out.add(new Entry(f[0], f[1], f[2].isEmpty() ? null : f[2]));
        }
        return out;
    }

    /** Why a reduced database could not be read, or null when it was. */
    public static String errorOf(String text) {
        return text.startsWith(ERROR) ? text.substring(ERROR.length()).strip() : null;
    }

    private static String clean(String s) {
        return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }

    private static long u32(byte[] b, int at) {
        return (long) (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }
}
