package dev.jdx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jdx.fs.EntryType;
import dev.jdx.fs.FileEntry;
import dev.jdx.fs.LayerContents;
import dev.jdx.fs.LayerStack;
import dev.jdx.image.Compression;
import dev.jdx.image.Digest;
import dev.jdx.index.FileIndex;
import dev.jdx.index.ImageDocument;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** search, images, index and ls end to end: picocli command objects over an index built in a temp dir. */
class IndexCommandsTest {
    @TempDir
    static Path dir;
    @TempDir
    Path scratch;
    static final ObjectMapper JSON = new ObjectMapper();

    record Run(int code, String out, String err) {}

    static Run run(Callable<Integer> command, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static String[] withIndex(Path index, String... args) {
        List<String> l = new ArrayList<>(List.of(args));
        l.add("--index");
        l.add(index.toString());
        return l.toArray(String[]::new);
    }

    static Run search(String... args) {
        return run(new SearchCommand(), withIndex(dir, args));
    }

    static Run images(String... args) {
        return run(new ImagesCommand(), withIndex(dir, args));
    }

    static Run ls(String... args) {
        return run(new LsCommand(), withIndex(dir, args));
    }

    static FileEntry f(String path, long size, String content, int mode) {
        return new FileEntry(path, EntryType.FILE, mode, 0, 0, size, 1_700_000_000L, null, Digest.sha256(content).hex());
    }

    static FileEntry d(String path) {
        return new FileEntry(path, EntryType.DIR, 0755, 0, 0, 0, 1_700_000_000L, null, null);
    }

    static LayerContents layer(int i, String id, FileEntry... e) {
        return new LayerContents(i, List.of(e), Compression.GZIP, 1000 + i, 2000 + i, Digest.sha256("diff:" + id));
    }

    static void index(FileIndex index, String seed, String ref, String user, List<String> ports, LayerContents... layers)
            throws Exception {
        List<ImageDocument.LayerInfo> infos = new ArrayList<>();
        for (LayerContents l : layers) infos.add(new ImageDocument.LayerInfo(Digest.sha256("blob:" + l.diffId()), l.diffId(), 1000, null));
        ImageDocument doc = new ImageDocument(Digest.sha256("config:" + seed), null, List.of(ref), "linux/amd64", null, null,
                Map.of(), List.of(), ports, user, List.of(), infos, null);
        index.index(doc, LayerStack.build(List.of(layers)));
    }

    static LayerContents base0() {
        return layer(0, "b0", d("/etc"), f("/etc/passwd", 900, "passwd", 0644), d("/usr"), d("/usr/bin"),
                f("/usr/bin/su", 70_000, "su", 04755), d("/usr/lib"), f("/usr/lib/libssl.so.3", 600_000, "ssl", 0644),
                new FileEntry("/lib", EntryType.SYMLINK, 0777, 0, 0, 0, 1_700_000_000L, "usr/lib", null));
    }

    static LayerContents base1() {
        return layer(1, "b1", d("/tmp"), f("/tmp/cache.bin", 12_000_000, "cache", 0644));
    }

    @BeforeAll
    static void build() throws Exception {
        try (FileIndex index = FileIndex.open(dir)) {
            index(index, "base", "base:1", null, List.of(), base0(), base1());
            index(index, "app", "app:1", "app", List.of("8080/tcp"), base0(), base1(),
                    layer(2, "a2", new FileEntry("/tmp/cache.bin", EntryType.WHITEOUT, 0, 0, 0, 0, 0, null, null),
                            d("/app"), f("/app/server.js", 3_000, "server", 0644)));
        }
    }

    @Test
    void searchPrintsATable() {
        Run r = search("name:libssl* OR name:su");
        assertThat(r.code()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("""
                IMAGE   LAYER  PATH                    SIZE  MODE        STATUS
                base:1      0  /usr/bin/su            70 kB  -rwsr-xr-x  added
                app:1       0  /usr/bin/su            70 kB  -rwsr-xr-x  added
                base:1      0  /usr/lib/libssl.so.3  600 kB  -rw-r--r--  added
                app:1       0  /usr/lib/libssl.so.3  600 kB  -rw-r--r--  added
                """);
    }

    @Test
    void searchShortcutsAndJson() throws Exception {
        Run r = search("--larger-than", "10MB", "--final", "--json");
        assertThat(r.code()).isZero();
        JsonNode j = JSON.readTree(r.out());
        assertThat(j.get("total").asLong()).isEqualTo(1);
        JsonNode hit = j.get("hits").get(0);
        assertThat(hit.get("image").asText()).isEqualTo("base:1");
        assertThat(hit.get("path").asText()).isEqualTo("/tmp/cache.bin");
        assertThat(hit.get("size").asLong()).isEqualTo(12_000_000);
        assertThat(hit.get("mode").asText()).isEqualTo("0644");
        assertThat(hit.get("final").asBoolean()).isTrue();
        assertThat(hit.get("sha256").asText()).isEqualTo(Digest.sha256("cache").hex());

        Run setuid = search("--setuid", "--image", "app:1", "--layer", "0");
        assertThat(setuid.out().lines().skip(1)).containsExactly("app:1      0  /usr/bin/su  70 kB  -rwsr-xr-x  added");
        Run sha = search("--sha256", Digest.sha256("server").hex().substring(0, 10), "--path", "/app/*");
        assertThat(sha.out().lines().skip(1)).containsExactly("app:1      2  /app/server.js  3.0 kB  -rw-r--r--  added");
        Run link = search("--name", "lib", "--final", "--image", "base");
        assertThat(link.err()).isEmpty();
        assertThat(link.out()).contains("/lib -> usr/lib");
    }

    @Test
    void searchLimitAndSortSaySoOnStderr() {
        Run r = search("type:file", "--sort", "size", "--limit", "2");
        assertThat(r.code()).isZero();
        assertThat(r.out().lines().skip(1).map(l -> l.split("\\s+")[2])).containsExactly("/tmp/cache.bin", "/tmp/cache.bin");
        assertThat(r.err()).isEqualTo("jdx: showing 2 of 9 matches; use --limit to see more\n");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "name:(libssl|2|jdx: bad query at position 13: unexpected end of query in: name:(libssl",
            "size:>10QB|2|jdx: bad query at position 1: 'size:10QB': bad size unit 'QB' in '10QB' (use B, kB, MB, GB, TB for powers of 1000 or KiB, MiB, GiB, TiB for powers of 1024)",
            "owner:root|2|jdx: bad query at position 1: unknown field 'owner' for files (fields: chain_id, change, diff_id, dir, ext, final, gid, image, kind, layer, layer_digest, link, manifest, mode, mtime, name, parent, path, ref, setgid, setuid, sha256, size, status, type, uid)"})
    void searchSyntaxErrorsExitTwoWithOneLine(String query, int code, String message) {
        Run r = search(query);
        assertThat(r.code()).isEqualTo(code);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo(message + "\n");
    }

    @Test
    void searchBadOptionsAndUnknownImages() {
        assertThat(search("--larger-than", "ten").code()).isEqualTo(ExitCode.USAGE);
        assertThat(search("--sort", "name").err()).isEqualTo("jdx: --sort must be path or size, not 'name'\n");
        Run r = search("--image", "nginx");
        assertThat(r.code()).isEqualTo(ExitCode.INPUT);
        assertThat(r.err()).isEqualTo("jdx: image 'nginx' is not indexed; run jdx inspect nginx first (jdx images lists what is)\n");
    }

    @Test
    void emptyIndexIsAMessageAndExitZero() {
        Run r = run(new SearchCommand(), withIndex(scratch.resolve("empty"), "name:x"));
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("jdx: no images indexed yet; run jdx inspect first\n");
        Run bad = run(new SearchCommand(), withIndex(scratch.resolve("empty"), "name:(x"));
        assertThat(bad.code()).isEqualTo(ExitCode.USAGE);
        Run json = run(new ImagesCommand(), withIndex(scratch.resolve("empty"), "--json"));
        assertThat(json.out().trim()).isEqualTo("[ ]");
        Run ls = run(new LsCommand(), withIndex(scratch.resolve("empty"), "app:1"));
        assertThat(ls.code()).isEqualTo(ExitCode.INPUT);
        assertThat(ls.err()).isEqualTo("jdx: no images indexed yet; run jdx inspect first\n");
    }

    @Test
    void imagesListsAndFilters() throws Exception {
        Run r = images();
        assertThat(r.code()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).startsWith("REF     IMAGE ID      PLATFORM      SIZE  FILES  LAYERS  INDEXED");
        assertThat(lines.get(1)).startsWith("app:1   " + Digest.sha256("config:app").shortHex() + "  linux/amd64  13 MB      5       3  ");
        assertThat(lines.get(2)).startsWith("base:1  " + Digest.sha256("config:base").shortHex() + "  linux/amd64  13 MB      5       2  ");
        assertThat(images("user:root").out().lines().skip(1).map(l -> l.split(" ")[0])).containsExactly("base:1");
        assertThat(images("port:8080/tcp").out().lines().skip(1).map(l -> l.split(" ")[0])).containsExactly("app:1");
        JsonNode j = JSON.readTree(images("--json").out());
        assertThat(j).hasSize(2);
        assertThat(j.get(0).get("refs").get(0).asText()).isEqualTo("app:1");
        assertThat(j.get(0).get("entries").asLong()).isEqualTo(8 + 2 + 3);
        assertThat(j.get(0).get("exposedPorts").get(0).asText()).isEqualTo("8080/tcp");
        assertThat(images("ports:1").code()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void imagesCrossQuestions() throws Exception {
        Run path = images("--with-path", "/tmp/cache.bin");
        assertThat(path.out()).isEqualTo("""
                REF     IMAGE ID      LAYER  PATH             SIZE  STATUS
                app:1   %s      1  /tmp/cache.bin  12 MB  shadowed by 2 (not in final)
                app:1   %1$s      2  /tmp/cache.bin    0 B  removed (not in final)
                base:1  %s      1  /tmp/cache.bin  12 MB  added
                """.formatted(Digest.sha256("config:app").shortHex(), Digest.sha256("config:base").shortHex()));
        assertThat(images("--with-path", "/tmp/cache.bin", "--final").out().lines().skip(1).map(l -> l.split(" ")[0]))
                .containsExactly("base:1");
        assertThat(images("--with-sha256", Digest.sha256("server").hex()).out().lines().skip(1).map(l -> l.split(" ")[0]))
                .containsExactly("app:1");
        assertThat(images("--with-layer", Digest.sha256("diff:b1").toString()).out().lines().skip(1).map(l -> l.split(" ")[0]))
                .containsExactly("app:1", "base:1");
        Run sharing = images("--sharing-layers-with", "app:1");
        assertThat(sharing.out().lines().skip(1)).containsExactly("base:1  " + Digest.sha256("config:base").shortHex() + "       2       2            2");
        Run base = images("--base-of", "app:1");
        assertThat(base.out()).isEqualTo("base:1  " + Digest.sha256("config:base").shortHex() + "  (bottom 2 of 3 layers of app:1)\n");
        JsonNode bj = JSON.readTree(images("--base-of", "app", "--json").out());
        assertThat(bj.get("ref").asText()).isEqualTo("base:1");
        assertThat(bj.get("sharedLayers").asInt()).isEqualTo(2);
        Run none = images("--base-of", "base:1");
        assertThat(none.code()).isZero();
        assertThat(none.err()).startsWith("jdx: no indexed image is the base of base:1");
        assertThat(images("--with-path", "/x", "--with-sha256", "ab").code()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void lsFinalFilesystemLikeLsL() {
        Run r = ls("app:1", "/tmp");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEmpty();
        Run root = ls("app", "/");
        assertThat(root.out()).isEqualTo("""
                MODE        UID/GID  SIZE  MODIFIED          PATH
                drwxr-xr-x      0/0     0  2023-11-14 22:13  /app
                drwxr-xr-x      0/0     0  2023-11-14 22:13  /etc
                lrwxrwxrwx      0/0     0  2023-11-14 22:13  /lib -> usr/lib
                drwxr-xr-x      0/0     0  2023-11-14 22:13  /tmp
                drwxr-xr-x      0/0     0  2023-11-14 22:13  /usr
                """);
        Run file = ls("app:1", "/usr/bin/su", "-H");
        assertThat(file.out().lines().skip(1)).containsExactly("-rwsr-xr-x      0/0  70 kB  2023-11-14 22:13  /usr/bin/su");
    }

    @Test
    void lsOneLayerShowsWhiteouts() {
        Run r = ls("app:1", "/tmp", "--layer", "2");
        assertThat(r.out().lines().skip(1)).containsExactly(
                "w---------      0/0     0  1970-01-01 00:00  /tmp/cache.bin  (whiteout: deletes it from the layers below)");
        assertThat(ls("app:1", "--layer", "7").err()).isEqualTo("jdx: --layer 7: app:1 has layers 0 to 2\n");
    }

    @Test
    void lsTree() {
        Run r = ls("base:1", "/usr", "--tree");
        assertThat(r.out()).isEqualTo("""
                /usr
                ├── bin
                │   └── su  (70 kB)
                └── lib
                    └── libssl.so.3  (600 kB)

                2 directories, 2 files
                """);
        Run shallow = ls("base:1", "/", "--tree", "--depth", "1");
        assertThat(shallow.out()).contains("├── etc\n", "├── lib -> usr/lib\n", "└── usr\n").doesNotContain("passwd");
    }

    @Test
    void lsNotIndexedOrMissingPathExitsThree() throws Exception {
        Run r = ls("nginx:latest");
        assertThat(r.code()).isEqualTo(ExitCode.INPUT);
        assertThat(r.err()).isEqualTo("jdx: image 'nginx:latest' is not indexed; run jdx inspect nginx:latest first (jdx images lists what is)\n");
        Run p = ls("app:1", "/nope");
        assertThat(p.code()).isEqualTo(ExitCode.INPUT);
        assertThat(p.err()).isEqualTo("jdx: /nope: no such file or directory in the final filesystem\n");
        JsonNode j = JSON.readTree(ls("app:1", "/app", "--json").out());
        assertThat(j.get("entries").get(0).get("path").asText()).isEqualTo("/app/server.js");
        assertThat(j.get("entry").get("type").asText()).isEqualTo("dir");
    }

    @Test
    void indexStatsAndRm() throws Exception {
        Path own = scratch.resolve("own");
        try (FileIndex index = FileIndex.open(own)) {
            index(index, "base", "base:1", null, List.of(), base0(), base1());
            index(index, "other", "other:1", null, List.of(), layer(0, "o0", f("/x", 1, "x", 0644)));
        }
        Run stats = run(new IndexCommand(), withIndex(own, "stats"));
        // picocli puts a parent's options after the subcommand: --index goes to stats
        assertThat(stats.code()).isZero();
        assertThat(stats.out()).contains("images:    2\n", "layers:    3\n", "files:     11 entries\n", "documents: 16\n");
        assertThat(stats.out()).containsPattern("on disk: +[0-9.]+ kB in \\d+ segments? \\(\\d+ bytes per file entry\\)");
        Run rm = run(new IndexCommand(), withIndex(own, "rm", "base:1"));
        assertThat(rm.code()).isZero();
        assertThat(rm.out()).isEqualTo("removed base:1 (" + Digest.sha256("config:base") + ", 10 file entries)\n");
        JsonNode j = JSON.readTree(run(new IndexCommand(), withIndex(own, "stats", "--json")).out());
        assertThat(j.get("images").asLong()).isEqualTo(1);
        assertThat(j.get("files").asLong()).isEqualTo(1);
        Run again = run(new IndexCommand(), withIndex(own, "rm", "base:1"));
        assertThat(again.code()).isEqualTo(ExitCode.INPUT);
        assertThat(again.err()).startsWith("jdx: image 'base:1' is not indexed");
        assertThat(run(new IndexCommand()).code()).isEqualTo(ExitCode.USAGE);
    }

    /** What jdx inspect will do with the mixin: index, or skip with --no-index, and a lock timeout is only a warning. */
    @Test
    void indexingOptionsIndexOrWarn() throws Exception {
        Path own = scratch.resolve("inspect");
        @CommandLine.Command(name = "fake-inspect")
        class FakeInspect implements Callable<Integer> {
            @CommandLine.Mixin
            IndexingOptions indexing = new IndexingOptions();
            @CommandLine.Spec
            CommandLine.Model.CommandSpec spec;

            public Integer call() {
                ImageDocument doc = new ImageDocument(Digest.sha256("config:inspected"), null, List.of("inspected:1"),
                        "linux/amd64", null, null, Map.of(), List.of(), List.of(), null, List.of(), List.of(), null);
                List<LayerContents> layers = List.of(base0());
                return indexing.indexImage(spec.commandLine().getErr(), doc, LayerStack.build(layers)) ? 0 : 10;
            }
        }
        assertThat(run(new FakeInspect(), "--index", own.toString()).code()).isZero();
        assertThat(run(new ImagesCommand(), withIndex(own)).out()).contains("inspected:1");
        Path other = scratch.resolve("skipped");
        assertThat(run(new FakeInspect(), "--index", other.toString(), "--no-index").code()).isEqualTo(10);
        assertThat(other).doesNotExist();
        try (var held = new org.apache.lucene.index.IndexWriter(org.apache.lucene.store.FSDirectory.open(own),
                new org.apache.lucene.index.IndexWriterConfig())) {
            Run r = run(new FakeInspect(), "--index", own.toString(), "--index-lock-timeout", "0");
            assertThat(r.code()).isEqualTo(10);
            assertThat(r.err()).contains("jdx: warning: the image was not indexed: writing the index at " + own
                    + ": another jdx held its lock for more than 0 s");
            held.rollback();
        }
    }
}
