package dev.jdx.index;

import java.io.IOException;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TwoPhaseIterator;
import org.apache.lucene.search.WildcardQuery;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.automaton.ByteRunAutomaton;
import org.apache.lucene.util.automaton.Operations;

/**
 * Queries on a file's path, answered from its {@link IndexFields#PARENT} and {@link IndexFields#NAME} terms: file
 * documents carry no path term. A term per path is unique to its document, and sorting those terms (long, with long
 * shared prefixes) at every flush was a third of the indexing work; without them indexing the L benchmark image takes
 * about a third less CPU.
 *
 * <ul>
 *   <li>exact: {@code /a/b/c} is {@code parent:/a/b} and {@code name:c};</li>
 *   <li>prefix: a path starts with {@code D/R} (R without a slash) when its parent is D and its name starts with R,
 *       or its parent starts with {@code D/R}; nothing else can match, as a name holds no slash;</li>
 *   <li>wildcard: the documents of the pattern's literal prefix, each checked against the whole pattern on the path
 *       its record starts with ({@link FileRecord}), with Lucene's wildcard rules ({@code *} and {@code ?} also match
 *       a slash; a backslash escapes).</li>
 * </ul>
 */
final class PathQueries {
    private PathQueries() {}

    /** The entry at exactly {@code path}. */
    static Query exact(String path) {
        if (path.equals("/")) return new TermQuery(new Term(IndexFields.NAME, "/")); // only the root is named "/"
        int slash = path.lastIndexOf('/');
        if (slash < 0 || slash == path.length() - 1) return new MatchNoDocsQuery("no entry has the path " + path);
        String parent = slash == 0 ? "/" : path.substring(0, slash);
        return new BooleanQuery.Builder()
                .add(new TermQuery(new Term(IndexFields.PARENT, parent)), BooleanClause.Occur.FILTER)
                .add(new TermQuery(new Term(IndexFields.NAME, path.substring(slash + 1))), BooleanClause.Occur.FILTER)
                .build();
    }

    /** Every entry whose path starts with {@code prefix} (the root included when the prefix is {@code /}). */
    static Query prefix(String prefix) {
        if (prefix.isEmpty() || prefix.equals("/")) return allFiles();
        if (!prefix.startsWith("/")) return new MatchNoDocsQuery("paths start with /");
        int slash = prefix.lastIndexOf('/');
        String dir = prefix.substring(0, slash);
        String rest = prefix.substring(slash + 1);
        Query inDir = new TermQuery(new Term(IndexFields.PARENT, dir.isEmpty() ? "/" : dir));
        if (!rest.isEmpty()) {
            inDir = new BooleanQuery.Builder()
                    .add(inDir, BooleanClause.Occur.FILTER)
                    .add(new PrefixQuery(new Term(IndexFields.NAME, rest)), BooleanClause.Occur.FILTER)
                    .build();
        }
        return new BooleanQuery.Builder()
                .add(inDir, BooleanClause.Occur.SHOULD)
                .add(new PrefixQuery(new Term(IndexFields.PARENT, prefix)), BooleanClause.Occur.SHOULD)
                .build();
    }

    /** Every entry strictly below directory {@code dir} ({@code dir:} queries). */
    static Query under(String dir) {
        if (dir.equals("/")) {
            return new BooleanQuery.Builder().add(allFiles(), BooleanClause.Occur.FILTER)
                    .add(exact("/"), BooleanClause.Occur.MUST_NOT).build();
        }
        return prefix(dir + "/");
    }

    /** Every entry whose path matches a Lucene wildcard pattern; a pattern without wildcards is an exact path. */
    static Query wildcard(String pattern) {
        StringBuilder literal = new StringBuilder();
        boolean wild = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                literal.append(pattern.charAt(++i));
            } else if (c == '*' || c == '?') {
                wild = true;
                break;
            } else {
                literal.append(c);
            }
        }
        if (!wild) return exact(literal.toString());
        if (!literal.isEmpty() && literal.charAt(0) != '/') return new MatchNoDocsQuery("paths start with /");
        return new BooleanQuery.Builder()
                .add(prefix(literal.toString()), BooleanClause.Occur.FILTER)
                .add(new Matching(pattern), BooleanClause.Occur.FILTER)
                .build();
    }

    private static Query allFiles() {
        return new TermQuery(new Term(IndexFields.KIND, IndexFields.KIND_FILE));
    }

    /**
     * File documents whose record's path matches a wildcard pattern, checked one document at a time: only ever
     * combined with the pattern's literal prefix, whose terms pick the candidates.
     */
    private static final class Matching extends DocValuesFilter {
        private final ByteRunAutomaton automaton;

        Matching(String pattern) {
            super(IndexFields.PATH, pattern, IndexFields.ENTRY);
            this.automaton = new ByteRunAutomaton(Operations.determinize(
                    WildcardQuery.toAutomaton(new Term(IndexFields.PATH, pattern), Operations.DEFAULT_DETERMINIZE_WORK_LIMIT),
                    Operations.DEFAULT_DETERMINIZE_WORK_LIMIT));
        }

        @Override
        TwoPhaseIterator matching(LeafReader reader) throws IOException {
            BinaryDocValues records = DocValues.getBinary(reader, IndexFields.ENTRY);
            return checked(records, 50, () -> {
                BytesRef r = records.binaryValue();
                return automaton.run(r.bytes, r.offset, FileRecord.pathLength(r));
            });
        }
    }
}
