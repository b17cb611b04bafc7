package dev.jdx.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;

/** The binary record of a file document: what it decodes to, and that its bytes sort as (path, layer). */
class FileRecordTest {
    private final FileRecord.Writer writer = new FileRecord.Writer();

    private BytesRef write(int layer, String path, String type, long size, int mode, int uid, int gid, long mtime,
                           String link, byte[] sha, String status, boolean inFinal) {
        return write(layer, path, type, size, mode, uid, gid, mtime, link, sha, status, -1, inFinal);
    }

    private BytesRef write(int layer, String path, String type, long size, int mode, int uid, int gid, long mtime,
                           String link, byte[] sha, String status, int shadowedBy, boolean inFinal) {
        BytesRef r = writer.write(layer, new BytesRef(path), FileAttributes.typeCode(type), size, mode, uid, gid, mtime,
                link, sha, FileAttributes.statusCode(status), shadowedBy, inFinal);
        return BytesRef.deepCopyOf(r);
    }

    @Test
    void decodesWhatWasWritten() {
        byte[] sha = new byte[32];
        for (int i = 0; i < 32; i++) sha[i] = (byte) (i * 37 + 5);
        BytesRef r = write(300, "/usr/lib/ünïcode/libssl.so.3", "file", 5_000_000_000L, 04755, 0, 65534, -1L,
                null, sha, "shadowed", 65535, false);
        FileHit h = FileRecord.read(r, "sha256:key", "app:1");
        assertThat(h).isEqualTo(new FileHit("sha256:key", "app:1", 300, "/usr/lib/ünïcode/libssl.so.3", "file",
                5_000_000_000L, 04755, 0, 65534, -1L, null, HexFormat.of().formatHex(sha), "shadowed", 65535, false));
        assertThat(h.statusText()).isEqualTo("shadowed by 65535");
        FileHit link = FileRecord.read(write(0, "/lib", "symlink", 0, 0777, -7, 3, 1_700_000_000L, "usr/lib", null,
                "added", true), "k", "k");
        assertThat(link.linkTarget()).isEqualTo("usr/lib");
        assertThat(link.sha256()).isNull();
        assertThat(link.uid()).isEqualTo(-7);
        assertThat(link.inFinal()).isTrue();
        assertThat(link.shadowedBy()).isNull();
        assertThat(link.statusText()).isEqualTo("added");
        assertThat(FileRecord.read(write(2, "/tmp/x", "whiteout", 0, 0, 0, 0, 0, null, null, "removed", false), "k", "k").type())
                .isEqualTo("whiteout");
    }

    @Test
    void recordsSortByPathBytesThenLayer() {
        String[] paths = {"/", "/a", "/a/b", "/a-c", "/a.b", "/a0", "/ab", "/a/b/c", "/é", "/z", "/\uD83D\uDE00", "/a b"};
        int[] layers = {0, 1, 2, 9, 255, 256, 1000, 65535};
        List<BytesRef> records = new ArrayList<>();
        List<Object[]> keys = new ArrayList<>();
        for (String p : paths) {
            for (int l : layers) {
                // the rest of the record differs on purpose: it must not take part in the order
                records.add(write(l, p, l % 2 == 0 ? "file" : "dir", 1000L + l, 0644, l, 0, 0, null, null, "added", l % 3 == 0));
                keys.add(new Object[] {p.getBytes(StandardCharsets.UTF_8), l});
            }
        }
        List<Integer> byRecord = order(records.size(), (a, b) -> records.get(a).compareTo(records.get(b)));
        List<Integer> byKey = order(keys.size(), Comparator.<Integer, byte[]>comparing(i -> (byte[]) keys.get(i)[0], Arrays::compareUnsigned)
                .thenComparingInt(i -> (int) keys.get(i)[1]));
        assertThat(byRecord).isEqualTo(byKey);
    }

    private static List<Integer> order(int n, Comparator<Integer> c) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < n; i++) idx.add(i);
        idx.sort(c);
        return idx;
    }

    @Test
    void sha256PrefixesAreCheckedNibbleByNibble() {
        byte[] sha = HexFormat.of().parseHex("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
        BytesRef r = write(0, "/x", "file", 4, 0644, 0, 0, 0, null, sha, "added", true);
        for (int n = 1; n <= 64; n++) assertThat(FileRecord.sha256StartsWith(r, sha, n)).as("%d digits", n).isTrue();
        byte[] other = sha.clone();
        other[8] ^= 0x01; // digit 18 differs
        assertThat(FileRecord.sha256StartsWith(r, other, 17)).isTrue();
        assertThat(FileRecord.sha256StartsWith(r, other, 18)).isFalse();
        other = sha.clone();
        other[8] ^= 0x10; // digit 17 differs
        assertThat(FileRecord.sha256StartsWith(r, other, 16)).isTrue();
        assertThat(FileRecord.sha256StartsWith(r, other, 17)).isFalse();
        BytesRef none = write(0, "/d", "dir", 0, 0755, 0, 0, 0, null, null, "added", true);
        assertThat(FileRecord.sha256StartsWith(none, sha, 4)).isFalse();
    }

    @Test
    void queriesReadUidGidAndMtimeWithoutDecodingTheHit() {
        byte[] sha = new byte[32];
        Arrays.fill(sha, (byte) 0xab);
        org.apache.lucene.store.ByteArrayDataInput in = new org.apache.lucene.store.ByteArrayDataInput();
        for (boolean withSha : new boolean[] {false, true}) {
            for (String link : new String[] {null, "../lib/ld.so"}) {
                BytesRef r = BytesRef.deepCopyOf(writer.write(7, new BytesRef("/usr/lib/x.so"), FileAttributes.typeCode("symlink"),
                        1L << 40, 04711, -2, 70_000, -1_700_000_000L, link, withSha ? sha : null,
                        FileAttributes.statusCode("shadowed"), 9, false));
                String as = "sha " + withSha + ", link " + link;
                assertThat(FileRecord.number(r, FileRecord.Number.UID, in)).as(as).isEqualTo(-2);
                assertThat(FileRecord.number(r, FileRecord.Number.GID, in)).as(as).isEqualTo(70_000);
                assertThat(FileRecord.number(r, FileRecord.Number.MTIME, in)).as(as).isEqualTo(-1_700_000_000L);
            }
        }
    }

    @Test
    void attributeAndRecordQueriesOnDifferentFieldsAreDifferentQueries() {
        // the query cache keys on equality: type code 1 and status code 1 must not share an entry
        org.apache.lucene.search.Query type1 = FileAttributes.query(IndexFields.TYPE,
                new org.apache.lucene.search.TermQuery(new org.apache.lucene.index.Term(IndexFields.TYPE, FileAttributes.TYPES.get(1))));
        org.apache.lucene.search.Query status1 = FileAttributes.query(IndexFields.STATUS,
                new org.apache.lucene.search.TermQuery(new org.apache.lucene.index.Term(IndexFields.STATUS, FileAttributes.STATUSES.get(1))));
        assertThat(type1).isNotEqualTo(status1);
        assertThat(type1).isEqualTo(FileAttributes.query(IndexFields.TYPE,
                new org.apache.lucene.search.TermQuery(new org.apache.lucene.index.Term(IndexFields.TYPE, FileAttributes.TYPES.get(1)))))
                .hasSameHashCodeAs(type1);
        assertThat(RecordFilters.range(IndexFields.UID, 0, 0)).isNotEqualTo(RecordFilters.range(IndexFields.GID, 0, 0));
        assertThat(RecordFilters.range(IndexFields.MTIME, 1, 2).toString()).isEqualTo("mtime:[1 TO 2]");
    }

    @Test
    void theAttributesPackIntoOneValueAndRefuseCodesTheyCannotHold() {
        long all = FileAttributes.pack(FileAttributes.TYPES.size() - 1, 07777, FileAttributes.STATUSES.size() - 1, 2, true);
        assertThat(all).isLessThan(1L << 22);
        assertThat(FileAttributes.pack(0, 0, 0, 0, false)).isZero();
        assertThatThrownBy(() -> FileAttributes.pack(16, 0, 0, 0, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FileAttributes.pack(0, 0, 8, 0, false)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLayerBeyondTheRecordIsRefused() {
        assertThatThrownBy(() -> write(FileRecord.MAX_LAYER + 1, "/x", "file", 0, 0, 0, 0, 0, null, null, "added", true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65535");
    }
}
