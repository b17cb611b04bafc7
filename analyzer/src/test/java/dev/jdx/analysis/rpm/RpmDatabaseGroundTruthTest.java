package dev.jdx.analysis.rpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jdx.fixtures.Requirements;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ground truth for the rpm reader: packages built by the real {@code rpmbuild} and installed into a database by the
 * real {@code rpm} (4.18, sqlite backend) must read back exactly as {@code rpm -qa} lists them. The packages cover
 * an epoch, an arch-specific main package and noarch subpackages, a header far larger than a page (overflow chains),
 * and enough packages for interior b-tree pages. The broken-file cases start from the same real database.
 */
class RpmDatabaseGroundTruthTest {
    @TempDir
    static Path work;
    static Path db;
    static Path rpm;

    @BeforeAll
    static void buildDatabase() throws Exception {
        rpm = Requirements.tool("rpm");
        Path rpmbuild = Requirements.tool("rpmbuild");
        db = RpmFixtures.build(work, rpmbuild, rpm);
    }

    @Test
    void readsWhatRpmListsFromItsOwnDatabase() throws Exception {
        List<RpmDatabase.Entry> got = RpmDatabase.readSqlite(Files.readAllBytes(db));
        TreeSet<String> want = new TreeSet<>(RpmFixtures.qa(rpm, db.getParent()));
        TreeSet<String> have = new TreeSet<>();
        for (RpmDatabase.Entry e : got) have.add(e.name() + " " + e.version() + " " + (e.arch() == null ? "(none)" : e.arch()));
        assertThat(want).hasSize(3 + RpmFixtures.SMALL_PACKAGES).contains("jdx-epoch 3:2.5.1-7.el9 noarch", "jdx-many 1.0-1 noarch");
        assertThat(have).containsExactlyElementsOf(want);
        assertThat(got).hasSize(want.size());
        // the reduced form the scanner keeps reads back to the same packages
        String reduced = new String(RpmDatabase.reduce(Files.readAllBytes(db)), StandardCharsets.UTF_8);
        assertThat(RpmDatabase.errorOf(reduced)).isNull();
        assertThat(RpmDatabase.parseReduced(reduced)).isEqualTo(got);
    }

    /**
     * The same packages in a Berkeley DB hash file (rpm 4.15 and older), at the default page size and at the smallest
     * one (more buckets, every header on an overflow chain), read as real rpm reads it with its bdb_ro backend.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {0, 512})
    void readsWhatRpmListsFromABerkeleyDbDatabase(int pageSize) throws Exception {
        Path bdb = RpmFixtures.berkeleyDb(work, Requirements.tool("rpmdb"), Requirements.tool("db5.3_load"), db.getParent(),
                "bdb-" + pageSize, pageSize);
        byte[] bytes = Files.readAllBytes(bdb);
        assertThat(BerkeleyDbHash.isHash(bytes)).isTrue();
        TreeSet<String> want = new TreeSet<>(RpmFixtures.qaBerkeleyDb(rpm, bdb.getParent()));
        TreeSet<String> have = new TreeSet<>();
        List<RpmDatabase.Entry> got = RpmDatabase.read(bytes);
        for (RpmDatabase.Entry e : got) have.add(e.name() + " " + e.version() + " " + (e.arch() == null ? "(none)" : e.arch()));
        assertThat(want).hasSize(3 + RpmFixtures.SMALL_PACKAGES);
        assertThat(have).containsExactlyElementsOf(want);
        assertThat(got).hasSize(want.size());
        // the same list as the sqlite database it was made from
        assertThat(new TreeSet<>(got.stream().map(Object::toString).toList()))
                .isEqualTo(new TreeSet<>(RpmDatabase.readSqlite(Files.readAllBytes(db)).stream().map(Object::toString).toList()));
    }

    @Test
    void brokenBerkeleyDbFilesAreOneLineErrors() throws Exception {
        Path bdb = RpmFixtures.berkeleyDb(work, Requirements.tool("rpmdb"), Requirements.tool("db5.3_load"), db.getParent(),
                "bdb-broken", 512);
        byte[] good = Files.readAllBytes(bdb);
        byte[] truncated = java.util.Arrays.copyOf(good, 8 * 512);
        assertThatThrownBy(() -> RpmDatabase.read(truncated)).isInstanceOf(DatabaseFormatException.class)
                .hasMessageContaining("beyond the file");
        int errors = 0, cases = 0;
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 3000; i++) {
            byte[] bad = good.clone();
            // what the reader follows in a page header: next page, item count or length, type (not the log
            // sequence number, the page's own number or the btree level, which a hash database does not use)
            int[] used = {16, 17, 18, 19, 20, 21, 22, 23, 25};
            int at = random.nextInt(good.length / 512) * 512 + used[random.nextInt(used.length)];
            bad[at] = (byte) random.nextInt(256);
            if (bad[at] == good[at]) continue;
            cases++;
            try {
                RpmDatabase.read(bad);
            } catch (DatabaseFormatException e) {
                assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
                errors++;
            }
        }
        assertThat(errors).as("corruptions caught, of %d", cases).isGreaterThan(cases / 4);
    }

    @Test
    void theDatabaseHasAHeaderOnOverflowPagesAndAnInteriorRootPage() throws Exception {
        byte[] b = Files.readAllBytes(db);
        SqliteFile f = SqliteFile.of(b);
        List<SqliteFile.Row> rows = f.table("Packages");
        int pageSize = (b[16] & 0xff) << 8 | (b[17] & 0xff);
        assertThat(rows).anySatisfy(r -> assertThat(((byte[]) r.values().get(1)).length).isGreaterThan(4 * pageSize));
        // more rows than one leaf page holds: the table's root is an interior page
        long root = f.table("sqlite_sequence").isEmpty() ? -1 : 0;
        assertThat(root).isZero();
        assertThat(rows.stream().mapToInt(r -> ((byte[]) r.values().get(1)).length).sum()).isGreaterThan(2 * pageSize);
    }

    @Test
    void brokenFilesAreOneLineErrorsNotHangsOrCrashes() throws Exception {
        byte[] good = Files.readAllBytes(db);
        // truncated to a few pages: pages beyond the end
        byte[] truncated = java.util.Arrays.copyOf(good, 3 * 4096);
        assertThatThrownBy(() -> RpmDatabase.readSqlite(truncated)).isInstanceOf(DatabaseFormatException.class)
                .hasMessageContaining("beyond the file");
        // not a database at all
        assertThatThrownBy(() -> RpmDatabase.readSqlite("not sqlite".repeat(20).getBytes(StandardCharsets.US_ASCII)))
                .hasMessage("not an SQLite 3 database");
        assertThatThrownBy(() -> RpmDatabase.read("not sqlite".repeat(60).getBytes(StandardCharsets.US_ASCII)))
                .hasMessage("neither an SQLite nor a Berkeley DB hash database");
        // an interior page whose children are itself: an error at once, not 2^64 visits
        int ps = 4096, top = SqliteFile.of(good).rootPage("Packages");
        byte[] cyclic = good.clone();
        int base = (top - 1) * ps, cells = (cyclic[base + 3] & 0xff) << 8 | (cyclic[base + 4] & 0xff);
        for (int i = 0; i < cells; i++) {
            int cell = base + ((cyclic[base + 12 + 2 * i] & 0xff) << 8 | (cyclic[base + 13 + 2 * i] & 0xff));
            java.nio.ByteBuffer.wrap(cyclic, cell, 4).putInt(top);
        }
        java.nio.ByteBuffer.wrap(cyclic, base + 8, 4).putInt(top);
        assertThatThrownBy(() -> RpmDatabase.readSqlite(cyclic)).hasMessage("page " + top + " is reached twice (a cycle)");
        // the structure: each byte of the file header and page 1's start, and of the table's root page, set to three
        // values; most must be caught, none may throw anything but the format exception
        int pageSize = 4096, root = SqliteFile.of(good).rootPage("Packages");
        List<Integer> structural = new ArrayList<>();
        for (int i = 0; i < 200; i++) structural.add(i);
        for (int i = 0; i < 64; i++) structural.add((root - 1) * pageSize + i);
        int errors = 0, cases = 0;
        for (int at : structural) {
            for (int value : new int[] {0, 0xff, (good[at] ^ 0x55) & 0xff}) {
                if ((byte) value == good[at]) continue;
                byte[] bad = good.clone();
                bad[at] = (byte) value;
                cases++;
                if (readsOrFailsCleanly(bad)) errors++;
            }
        }
        assertThat(errors).as("structural corruptions caught, of %d", cases).isGreaterThan(cases / 4);
        // and anywhere in the file
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 3000; i++) {
            byte[] bad = good.clone();
            bad[random.nextInt(good.length)] = (byte) random.nextInt(256);
            readsOrFailsCleanly(bad);
        }
    }

    /** True when reading failed with a one-line format error; false when it read; anything else fails the test. */
    private static boolean readsOrFailsCleanly(byte[] db) {
        try {
            RpmDatabase.readSqlite(db);
            return false;
        } catch (DatabaseFormatException e) {
            assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
            return true;
        }
    }

}
