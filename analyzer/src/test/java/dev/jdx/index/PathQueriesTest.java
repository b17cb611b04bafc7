package dev.jdx.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdx.fs.ChangeKind;
import dev.jdx.fs.EntryType;
import dev.jdx.fs.FileEntry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.MultiDocValues;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Path queries without path terms give exactly what a path term did: each query's hits are compared with the paths
 * a plain string test selects (startsWith for prefixes, Lucene's wildcard rules as a regex), over paths chosen to be
 * awkward: siblings sharing a prefix ({@code /a}, {@code /a-b}, {@code /a0}, {@code /ab}), names with dots, the root,
 * directories a tar never declared, non-ASCII names.
 */
class PathQueriesTest {
    private static final String[] NAMES = {"a", "a-b", "a0", "ab", "b.so", "lib", "libssl.so.3", "ü", "x y"};
    private static ByteBuffersDirectory dir;
    private static DirectoryReader reader;
    private static IndexSearcher searcher;
    private static final Set<String> PATHS = new TreeSet<>();

    @BeforeAll
    static void index() throws IOException {
        Random r = new Random(7);
        PATHS.add("/");
        while (PATHS.size() < 700) {
            StringBuilder p = new StringBuilder();
            for (int d = 0, depth = 1 + r.nextInt(4); d < depth; d++) p.append('/').append(NAMES[r.nextInt(NAMES.length)]);
            PATHS.add(p.toString());
        }
        dir = new ByteBuffersDirectory();
        try (IndexWriter w = new IndexWriter(dir, new IndexWriterConfig(Analyzers.perField()))) {
            FileDocBuilder b = new FileDocBuilder("sha256:test");
            b.layer(0);
            for (String p : PATHS) {
                w.addDocument(b.build(new FileEntry(p, EntryType.FILE, 0644, 0, 0, 1, 0, null, null), ChangeKind.ADDED, dev.jdx.fs.LayerStack.NOT_SHADOWED));
            }
        }
        reader = DirectoryReader.open(dir);
        searcher = new IndexSearcher(reader);
    }

    @AfterAll
    static void close() throws IOException {
        reader.close();
        dir.close();
    }

    private static Set<String> hits(Query q) throws IOException {
        Set<String> out = new TreeSet<>();
        BinaryDocValues records = MultiDocValues.getBinaryValues(reader, IndexFields.ENTRY);
        List<Integer> docs = new ArrayList<>();
        for (ScoreDoc d : searcher.search(q, Integer.MAX_VALUE).scoreDocs) docs.add(d.doc);
        docs.sort(null);
        for (int d : docs) {
            assertThat(records.advanceExact(d)).isTrue();
            BytesRef rec = records.binaryValue();
            out.add(new String(rec.bytes, rec.offset, FileRecord.pathLength(rec), java.nio.charset.StandardCharsets.UTF_8));
        }
        return out;
    }

    private static Set<String> expected(Predicate<String> p) {
        Set<String> out = new TreeSet<>();
        for (String path : PATHS) if (p.test(path)) out.add(path);
        return out;
    }

    /** Lucene's wildcard rules: * any string, ? one character (a slash too), backslash escapes. */
    private static Pattern wildcardRegex(String pattern) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            else if (c == '*') re.append("(?s).*");
            else if (c == '?') re.append("(?s).");
            else re.append(Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString());
    }

    /** Every indexed path, its parents and prefixes of them cut at every character. */
    private static Set<String> probes() {
        Set<String> probes = new LinkedHashSet<>(List.of("", "/", "/a", "/a/", "/a-", "/a0/ab", "/nothing", "relative/a"));
        for (String p : PATHS) {
            probes.add(p);
            for (int i = 1; i < p.length(); i += 2) probes.add(p.substring(0, i));
        }
        return probes;
    }

    @Test
    void exactPathsMatchOnlyThemselves() throws IOException {
        for (String p : probes()) assertThat(hits(PathQueries.exact(p))).as(p).isEqualTo(expected(p::equals));
    }

    @Test
    void prefixesMatchEveryPathStartingWithThem() throws IOException {
        for (String p : probes()) assertThat(hits(PathQueries.prefix(p))).as(p).isEqualTo(expected(x -> x.startsWith(p)));
    }

    @Test
    void underADirectoryIsEverythingBelowIt() throws IOException {
        for (String p : probes()) {
            if (p.isEmpty() || !p.startsWith("/")) continue;
            String prefix = p.equals("/") ? "/" : p + "/";
            assertThat(hits(PathQueries.under(p))).as(p).isEqualTo(expected(x -> x.startsWith(prefix) && !x.equals("/")));
        }
    }

    @Test
    void wildcardsFollowLuceneRules() throws IOException {
        List<String> patterns = new ArrayList<>(List.of("*", "/*", "?", "/?", "/a*", "/a/*", "/a?b*", "*.so", "*/lib*",
                "/a/*/b.so", "/*/*/*", "*ü*", "/x y/*", "/a\\-b/*", "\\/a*", "/lib/libssl.so.?", "?a*", "/a*b",
                "a*", "/ab\\*", "*/a-b"));
        Random r = new Random(11);
        for (String p : probes()) {
            if (p.length() < 3) continue;
            int at = 1 + r.nextInt(p.length() - 1);
            patterns.add(p.substring(0, at) + (r.nextBoolean() ? "*" : "?") + p.substring(Math.min(p.length(), at + 1)));
        }
        for (String w : patterns) {
            Pattern re = wildcardRegex(w);
            assertThat(hits(PathQueries.wildcard(w))).as(w).isEqualTo(expected(x -> re.matcher(x).matches()));
        }
    }
}
