package dev.jdx.index;

import static dev.jdx.index.TestImages.sha;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of file query over four small images indexed once. */
class FileIndexSearchTest {
    @TempDir
    static Path dir;
    static FileIndex index;
    static final Map<String, String> NAMES = Map.of(
            TestImages.debian().key(), "debian", TestImages.app().key(), "app",
            TestImages.web().key(), "web", TestImages.alpine().key(), "alpine");

    @BeforeAll
    static void indexAll() throws IOException {
        index = FileIndex.open(dir);
        for (TestImages.TestImage i : TestImages.all()) i.indexInto(index);
    }

    @AfterAll
    static void close() throws IOException {
        index.close();
    }

    /** Hits as {@code image layer path}, in hit order. */
    static List<String> run(FileQuery q) throws Exception {
        return index.search(q).hits().stream().map(h -> NAMES.get(h.imageKey()) + " " + h.layer() + " " + h.path()).toList();
    }

    /** Another hex digit than {@code c}. */
    static String flip(char c) {
        return c == '0' ? "1" : "0";
    }

    static Stream<Arguments> queries() {
        String passwdV1 = sha("passwd-v1");
        return Stream.of(
                Arguments.of("name:libssl*", List.of("alpine 0 /lib/libssl.so.3", "debian 0 /usr/lib/x86_64-linux-gnu/libssl.so.3",
                        "app 0 /usr/lib/x86_64-linux-gnu/libssl.so.3", "app 3 /usr/lib/x86_64-linux-gnu/libssl.so.3",
                        "web 0 /usr/lib/x86_64-linux-gnu/libssl.so.3")),
                Arguments.of("name:libssl* AND final:true", List.of("alpine 0 /lib/libssl.so.3",
                        "debian 0 /usr/lib/x86_64-linux-gnu/libssl.so.3", "app 3 /usr/lib/x86_64-linux-gnu/libssl.so.3",
                        "web 0 /usr/lib/x86_64-linux-gnu/libssl.so.3")),
                Arguments.of("name:*.so.3 AND image:alpine\\:3", List.of("alpine 0 /lib/libssl.so.3")),
                // SI: 10MB = 10,000,000 takes the 10.2 MB file; IEC: 10MiB = 10,485,760 does not
                Arguments.of("size:>10MB AND image:web:2", List.of("web 1 /tmp/big.bin", "web 1 /tmp/medium.bin")),
                Arguments.of("size:>10MiB AND image:web:2", List.of("web 1 /tmp/big.bin")),
                Arguments.of("size:>=20MB", List.of("debian 1 /tmp/big.bin", "app 1 /tmp/big.bin", "web 1 /tmp/big.bin")),
                Arguments.of("size:[1MB TO 5MB]", List.of("debian 0 /usr/lib/x86_64-linux-gnu/libcrypto.so.3",
                        "app 0 /usr/lib/x86_64-linux-gnu/libcrypto.so.3", "web 0 /usr/lib/x86_64-linux-gnu/libcrypto.so.3")),
                Arguments.of("size:{4.5MB TO 20MB} AND ref:app*", List.of("app 3 /app/data.db", "app 1 /tmp/medium.bin")),
                Arguments.of("size:<1k AND ext:txt", List.of()),
                Arguments.of("size:<=1k AND ext:txt", List.of("debian 2 /home/app/notes.txt", "app 2 /home/app/notes.txt")),
                Arguments.of("size:>10MB AND final:true AND image:debian:12", List.of("debian 1 /tmp/medium.bin")),
                Arguments.of("setuid:true", List.of("alpine 0 /bin/busybox", "debian 0 /usr/bin/passwd",
                        "app 0 /usr/bin/passwd", "web 0 /usr/bin/passwd")),
                Arguments.of("mode:2755 AND image:debian:12", List.of("debian 0 /usr/bin/wall")),
                // attributes are doc values; wildcard, range and boolean queries are evaluated over their values
                Arguments.of("mode:2* AND image:debian:12", List.of("debian 0 /usr/bin/wall")),
                Arguments.of("mode:[4000 TO 4777]", List.of("alpine 0 /bin/busybox", "debian 0 /usr/bin/passwd",
                        "app 0 /usr/bin/passwd", "web 0 /usr/bin/passwd")),
                Arguments.of("setgid:true AND image:debian:12", List.of("debian 0 /usr/bin/wall")),
                Arguments.of("setuid:false", List.of()),
                Arguments.of("type:sym* AND image:web:2", List.of("web 0 /lib")),
                Arguments.of("type:(symlink OR hardlink) AND image:web:2", List.of("web 0 /lib")),
                Arguments.of("final:false AND image:debian:12 AND -status:shadowed", List.of("debian 2 /tmp/big.bin")),
                Arguments.of("status:shad* AND image:debian:12", List.of("debian 0 /etc/passwd", "debian 1 /tmp/big.bin")),
                Arguments.of("status:nosuchstatus", List.of()),
                Arguments.of("mode:600 AND gid:1000 AND image:app:1", List.of("app 2 /home/app/notes.txt")),
                Arguments.of("status:removed", List.of("debian 2 /tmp/big.bin", "app 2 /tmp/big.bin")),
                Arguments.of("status:shadowed AND image:debian:12", List.of("debian 0 /etc/passwd", "debian 1 /tmp/big.bin")),
                Arguments.of("change:modified AND image:app:1", List.of("app 1 /etc/passwd",
                        "app 3 /usr/lib/x86_64-linux-gnu/libssl.so.3")),
                // change is kept apart from status: a shadowed entry still tells how it came
                Arguments.of("change:added AND status:shadowed AND image:debian:12", List.of("debian 0 /etc/passwd", "debian 1 /tmp/big.bin")),
                Arguments.of("type:symlink AND link:usr/lib AND image:web:2", List.of("web 0 /lib")),
                Arguments.of("dir:/usr/lib AND image:web:2", List.of("web 0 /usr/lib/x86_64-linux-gnu",
                        "web 0 /usr/lib/x86_64-linux-gnu/libcrypto.so.3", "web 0 /usr/lib/x86_64-linux-gnu/libssl.so.3")),
                // dir: is a prefix query on path; "dir:/usr/li*" = an ancestor starting with /usr/li; "/usr/lib/" = "/usr/lib"
                Arguments.of("dir:/usr/li* AND image:web:2 AND name:libssl*", List.of("web 0 /usr/lib/x86_64-linux-gnu/libssl.so.3")),
                Arguments.of("dir:\\/usr\\/lib\\/ AND image:web:2 AND type:dir", List.of("web 0 /usr/lib/x86_64-linux-gnu")),
                Arguments.of("dir:\\/ AND image:web:2 AND layer:2", List.of("web 2 /var", "web 2 /var/www", "web 2 /var/www/index.html")),
                Arguments.of("/etc/passwd AND -layer:0", List.of("debian 1 /etc/passwd", "app 1 /etc/passwd", "web 1 /etc/passwd")),
                Arguments.of("path:/home/app/*", List.of("debian 2 /home/app/notes.txt", "app 2 /home/app/notes.txt")),
                Arguments.of("ext:py", List.of("app 3 /app/main.py")),
                Arguments.of("uid:1000 AND layer:[2 TO 3]", List.of("debian 2 /home/app/notes.txt", "app 2 /home/app/notes.txt")),
                Arguments.of("sha256:" + passwdV1, List.of("app 3 /app/passwd-copy", "alpine 0 /etc/passwd",
                        "debian 0 /etc/passwd", "app 0 /etc/passwd", "web 0 /etc/passwd")),
                Arguments.of("sha256:" + passwdV1.substring(0, 7) + "* AND layer:0", List.of("alpine 0 /etc/passwd",
                        "debian 0 /etc/passwd", "app 0 /etc/passwd", "web 0 /etc/passwd")),
                Arguments.of("sha256:" + passwdV1.substring(0, 8) + "* AND layer:3", List.of("app 3 /app/passwd-copy")),
                // longer than 16 digits: the first 8 bytes select, the record confirms the rest
                Arguments.of("sha256:" + passwdV1.substring(0, 21) + "* AND layer:3", List.of("app 3 /app/passwd-copy")),
                Arguments.of("sha256:" + passwdV1.substring(0, 16) + flip(passwdV1.charAt(16)) + "*", List.of()),
                Arguments.of("sha256:" + passwdV1.substring(0, 63) + flip(passwdV1.charAt(63)), List.of()),
                                Arguments.of("layer:3", List.of("app 3 /app", "app 3 /app/data.db", "app 3 /app/main.py",
                        "app 3 /app/passwd-copy", "app 3 /usr/lib/x86_64-linux-gnu/libssl.so.3")),
                Arguments.of("name:passwd AND image:" + TestImages.alpine().key(), List.of(
                        "alpine 0 /etc/passwd")),
                Arguments.of("(name:passwd OR name:os-release) AND image:" + TestImages.debian().doc().id().hex().substring(0, 10),
                        List.of("debian 0 /etc/os-release", "debian 0 /etc/passwd", "debian 1 /etc/passwd", "debian 0 /usr/bin/passwd")),
                Arguments.of("image:nosuchimage", List.of()),
                // per-layer digests: answered through the layer documents
                Arguments.of("diff_id:" + TestImages.diffId("deb2") + " AND name:notes.txt",
                        List.of("debian 2 /home/app/notes.txt", "app 2 /home/app/notes.txt")),
                Arguments.of("layer_digest:" + TestImages.blob("web2"), List.of("web 2 /var", "web 2 /var/www", "web 2 /var/www/index.html")),
                Arguments.of("chain_id:" + TestImages.app().doc().chainIds().get(3) + " AND ext:py", List.of("app 3 /app/main.py")),
                Arguments.of("manifest:" + TestImages.web().doc().manifestDigest() + " AND path:/lib", List.of("web 0 /lib")),
                Arguments.of("diff_id:sha256\\:0000*", List.of()),
                Arguments.of("mtime:1700000000 AND uid:[999 TO 1000] AND gid:1000", List.of("debian 2 /home/app/notes.txt", "app 2 /home/app/notes.txt")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queries")
    void luceneQuerySyntax(String query, List<String> expected) throws Exception {
        assertThat(run(FileQuery.of(query).withLimit(100))).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void hitsAreOrderedByPathThenLayer() throws Exception {
        assertThat(run(FileQuery.of("name:passwd AND image:debian:12"))).containsExactly(
                "debian 0 /etc/passwd", "debian 1 /etc/passwd", "debian 0 /usr/bin/passwd");
    }

    @Test
    void sortBySizeIsLargestFirstAndLimitCuts() throws Exception {
        SearchResult<FileHit> r = index.search(FileQuery.of("image:app:1").withSort(FileQuery.Sort.SIZE).withLimit(3));
        assertThat(r.hits()).extracting(FileHit::path, FileHit::size).containsExactly(
                org.assertj.core.groups.Tuple.tuple("/tmp/big.bin", 20_000_000L),
                org.assertj.core.groups.Tuple.tuple("/app/data.db", 15_000_000L),
                org.assertj.core.groups.Tuple.tuple("/tmp/medium.bin", 10_200_000L));
        assertThat(r.total()).isEqualTo(TestImages.app().layers().stream().mapToLong(l -> l.entries().size()).sum());
    }

    static Stream<Arguments> shortcuts() {
        return Stream.of(
                Arguments.of(new FileQuery(null, "lib*.so.3", null, null, "alpine:3", null, false, false, null, 50, null),
                        List.of("alpine 0 /lib/libssl.so.3")),
                Arguments.of(new FileQuery(null, null, "/usr/bin/*", null, "debian:12", null, false, false, null, 50, null),
                        List.of("debian 0 /usr/bin/passwd", "debian 0 /usr/bin/wall")),
                Arguments.of(new FileQuery(null, null, null, 10_200_000L, null, null, false, false, null, 50, null),
                        List.of("debian 1 /tmp/big.bin", "app 1 /tmp/big.bin", "web 1 /tmp/big.bin", "app 3 /app/data.db")),
                Arguments.of(new FileQuery(null, null, null, 10_000_000L, "web:2", null, true, false, null, 50, null),
                        List.of("web 1 /tmp/big.bin", "web 1 /tmp/medium.bin")),
                Arguments.of(new FileQuery(null, null, null, null, "app:1", 2, false, false, null, 50, null),
                        List.of("app 2 /tmp/big.bin", "app 2 /home", "app 2 /home/app", "app 2 /home/app/notes.txt")),
                Arguments.of(new FileQuery(null, null, null, null, "debian:12", null, false, true, null, 50, null),
                        List.of("debian 0 /usr/bin/passwd", "debian 0 /usr/bin/wall")),
                Arguments.of(new FileQuery(null, null, null, null, null, null, true, false, "sha256:" + sha("passwd-v1"), 50, null),
                        List.of("app 3 /app/passwd-copy", "alpine 0 /etc/passwd")),
                Arguments.of(new FileQuery("type:file", "*.bin", null, null, null, null, true, false, null, 50, null),
                        List.of("debian 1 /tmp/medium.bin", "app 1 /tmp/medium.bin", "web 1 /tmp/big.bin", "web 1 /tmp/medium.bin")));
    }

    @ParameterizedTest
    @MethodSource("shortcuts")
    void shortcutOptions(FileQuery q, List<String> expected) throws Exception {
        assertThat(run(q)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void hitCarriesEveryDisplayedField() throws Exception {
        FileHit h = index.search(FileQuery.of("path:/usr/bin/passwd AND image:debian:12")).hits().get(0);
        assertThat(h.image()).isEqualTo("debian:12");
        assertThat(h.modeString()).isEqualTo("-rwsr-xr-x");
        assertThat(h.mode()).isEqualTo(04755);
        assertThat(h.size()).isEqualTo(60_000);
        assertThat(h.sha256()).isEqualTo(sha("passwd-bin"));
        assertThat(h.status()).isEqualTo("added");
        assertThat(h.inFinal()).isTrue();
        assertThat(h.mtime()).isEqualTo(1_700_000_000L);
        FileHit link = index.search(FileQuery.of("path:/lib AND image:debian:12")).hits().get(0);
        assertThat(link.linkTarget()).isEqualTo("usr/lib");
        assertThat(link.modeString()).isEqualTo("lrwxrwxrwx");
    }

    static Stream<Arguments> syntaxErrors() {
        return Stream.of(
                Arguments.of("name:(libssl", 12, "unexpected end of query"),
                Arguments.of("name:libssl AND AND size:1", 16, "unexpected 'AND'"),
                Arguments.of("size:>10XB", 0, "bad size unit 'XB'"),
                Arguments.of("type:file AND colour:red", 14, "unknown field 'colour'"),
                Arguments.of("path:\"/etc", 5, "unclosed quote"),
                Arguments.of("size:abc", 0, "bad size 'abc'"),
                Arguments.of("uid:root", 0, "uid takes a whole number"),
                Arguments.of("size:1*", 0, "size is numeric"),
                Arguments.of("sha256:xyz", 0, "is not a sha256 in hex"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("syntaxErrors")
    void syntaxErrorsSayWhere(String query, int position, String message) {
        assertThatThrownBy(() -> index.search(FileQuery.of(query)))
                .isInstanceOfSatisfying(QuerySyntaxException.class, e -> {
                    assertThat(e.position()).isEqualTo(position);
                    assertThat(e.getMessage()).contains(message).contains("position " + (position + 1)).doesNotContain("\n");
                });
    }

    @Test
    void unknownImageInOptionIsNotIndexedError() {
        assertThatThrownBy(() -> index.search(FileQuery.of("*").withImage("nginx:latest")))
                .isInstanceOf(ImageNotIndexedException.class)
                .hasMessageContaining("'nginx:latest' is not indexed; run jdx inspect nginx:latest first");
    }
}
