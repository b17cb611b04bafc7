package dev.jdx.index;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;

/**
 * The classic Lucene query parser taught jdx's fields: numeric fields take exact values, ranges and sizes with
 * units; exact fields take the text as one term; a bare word searches {@code name} (or {@code path} when it starts
 * with {@code /}); {@code ref:} and non-digest {@code image:} values on file and layer searches become the keys of
 * the images they name.
 */
final class JdxQueryParser extends QueryParser {
    /** The pseudo default field. */
    static final String ANY = "_any";

    private static final Set<String> FILE_FIELDS = Set.of(IndexFields.KIND, IndexFields.IMAGE, IndexFields.MANIFEST,
            IndexFields.REF, IndexFields.LAYER, IndexFields.LAYER_DIGEST, IndexFields.DIFF_ID, IndexFields.CHAIN_ID,
            IndexFields.PATH, IndexFields.DIR, IndexFields.PARENT, IndexFields.NAME, IndexFields.EXT, IndexFields.TYPE,
            IndexFields.SIZE, IndexFields.MODE, IndexFields.SETUID, IndexFields.SETGID, IndexFields.UID,
            IndexFields.GID, IndexFields.MTIME, IndexFields.SHA256, IndexFields.LINK, IndexFields.STATUS,
            IndexFields.CHANGE, IndexFields.FINAL);
    private static final Set<String> LAYER_FIELDS = Set.of(IndexFields.KIND, IndexFields.IMAGE, IndexFields.MANIFEST,
            IndexFields.REF, IndexFields.LAYER, IndexFields.LAYER_DIGEST, IndexFields.DIFF_ID, IndexFields.CHAIN_ID,
            IndexFields.SIZE, IndexFields.STORED_SIZE, IndexFields.FILES, IndexFields.CREATED_BY,
            IndexFields.COMPRESSION);
    private static final Set<String> IMAGE_FIELDS = Set.of(IndexFields.KIND, IndexFields.IMAGE, IndexFields.MANIFEST,
            IndexFields.REF, IndexFields.LAYER_DIGEST, IndexFields.DIFF_ID, IndexFields.CHAIN_ID, IndexFields.TOP_CHAIN,
            IndexFields.PLATFORM, IndexFields.ARCH, IndexFields.OS, IndexFields.BASE, IndexFields.LABEL,
            IndexFields.ENV, IndexFields.PORT, IndexFields.USER, IndexFields.PACKAGE, IndexFields.LAYERS,
            IndexFields.SIZE, IndexFields.STORED_SIZE, IndexFields.FILES, IndexFields.INDEXED_AT);

    /** Which documents a query is about; decides the valid fields and whether refs are resolved. */
    enum Target {
        FILES(FILE_FIELDS), LAYERS(LAYER_FIELDS), IMAGES(IMAGE_FIELDS);

        final Set<String> fields;

        Target(Set<String> fields) {
            this.fields = fields;
        }
    }

    private final Target target;
    /** Turns a query on image documents' {@code ref} field into the set of image keys it matches. */
    private final Function<Query, Collection<String>> refsToKeys;
    /** Resolves a ref / digest / digest prefix to image keys (for {@code image:nginx}). */
    private final Function<String, Collection<String>> imageToKeys;
    /** Turns a query on layer documents into a query on the file documents of those layers. */
    private final Function<Query, Query> layersToFiles;

    /** Fields of a layer, not of its entries: file searches go through the layer documents for them. */
    private static final Set<String> LAYER_LEVEL = Set.of(IndexFields.MANIFEST, IndexFields.LAYER_DIGEST,
            IndexFields.DIFF_ID, IndexFields.CHAIN_ID);

    JdxQueryParser(Target target, Function<Query, Collection<String>> refsToKeys,
                   Function<String, Collection<String>> imageToKeys, Function<Query, Query> layersToFiles) {
        super(ANY, Analyzers.perField());
        this.target = target;
        this.refsToKeys = refsToKeys;
        this.imageToKeys = imageToKeys;
        this.layersToFiles = layersToFiles;
        setAllowLeadingWildcard(true);
        setDefaultOperator(Operator.AND);
    }

    private String field(String field, String text) throws ParseException {
        if (field.equals(ANY)) return text.startsWith("/") ? IndexFields.PATH : defaultField();
        if (!target.fields.contains(field)) {
            throw new ParseException("unknown field '" + field + "' for " + target.name().toLowerCase()
                    + " (fields: " + String.join(", ", new TreeSet<>(target.fields)) + ")");
        }
        return field;
    }

    private String defaultField() {
        return switch (target) {
            case FILES -> IndexFields.NAME;
            case LAYERS -> IndexFields.CREATED_BY;
            case IMAGES -> IndexFields.REF;
        };
    }

    private boolean resolvesRefs(String field) {
        return target != Target.IMAGES && field.equals(IndexFields.REF);
    }

    private boolean viaLayers(String field) {
        return target == Target.FILES && LAYER_LEVEL.contains(field);
    }

    private Query keys(Collection<String> keys) {
        if (keys.isEmpty()) return new MatchNoDocsQuery("no indexed image matches");
        List<BytesRef> terms = keys.stream().map(BytesRef::new).toList();
        return new TermInSetQuery(IndexFields.IMAGE, terms);
    }

    @Override
    protected Query getFieldQuery(String field, String queryText, boolean quoted) throws ParseException {
        String f = field(field, queryText);
        IndexFields.Numeric numeric = IndexFields.NUMERIC.get(f);
        if (numeric != null) {
            long v = number(f, numeric, queryText);
            return numericRange(f, numeric, v, v);
        }
        if (IndexFields.TEXT.contains(f)) return super.getFieldQuery(f, queryText, quoted);
        if (viaLayers(f)) return layersToFiles.apply(new TermQuery(new Term(f, queryText)));
        if (resolvesRefs(f)) return keys(refsToKeys.apply(new TermQuery(new Term(IndexFields.REF, queryText))));
        if (f.equals(IndexFields.IMAGE)) return keys(imageToKeys.apply(queryText));
        if (FileAttributes.isAttribute(f)) {
            return FileAttributes.query(f, new TermQuery(new Term(f, f.equals(IndexFields.MODE) ? padMode(queryText) : queryText)));
        }
        if (f.equals(IndexFields.SHA256)) return sha256(queryText);
        if (f.equals(IndexFields.DIR)) return IndexFields.dirQuery(queryText);
        if (f.equals(IndexFields.PATH)) return PathQueries.exact(queryText);
        return new TermQuery(new Term(f, queryText));
    }

    @Override
    protected Query getFieldQuery(String field, String queryText, int slop) throws ParseException {
        String f = field(field, queryText);
        if (IndexFields.TEXT.contains(f)) return super.getFieldQuery(f, queryText, slop);
        return getFieldQuery(f, queryText, true);
    }

    @Override
    protected Query getRangeQuery(String field, String part1, String part2, boolean startInclusive,
                                  boolean endInclusive) throws ParseException {
        String f = field(field, part1 != null ? part1 : part2 != null ? part2 : "");
        IndexFields.Numeric numeric = IndexFields.NUMERIC.get(f);
        if (numeric == null) {
            if (viaLayers(f)) return layersToFiles.apply(super.getRangeQuery(f, part1, part2, startInclusive, endInclusive));
            if (resolvesRefs(f)) {
                return keys(refsToKeys.apply(super.getRangeQuery(f, part1, part2, startInclusive, endInclusive)));
            }
            if (FileAttributes.isAttribute(f)) {
                return FileAttributes.query(f, super.getRangeQuery(f, part1, part2, startInclusive, endInclusive));
            }
            if (f.equals(IndexFields.SHA256)) throw new ParseException("'sha256:[" + part1 + " TO " + part2
                    + "]': sha256 takes a digest or a prefix (sha256:9f86d0*), not a range");
            if (f.equals(IndexFields.PATH) || f.equals(IndexFields.DIR)) throw new ParseException("'" + f + ":[" + part1
                    + " TO " + part2 + "]': " + f + " takes a path, a prefix (/usr/lib/*) or a wildcard, not a range");
            return super.getRangeQuery(f, part1, part2, startInclusive, endInclusive);
        }
        long lo = part1 == null ? Long.MIN_VALUE : number(f, numeric, part1);
        long hi = part2 == null ? Long.MAX_VALUE : number(f, numeric, part2);
        if (part1 != null && !startInclusive) {
            if (lo == Long.MAX_VALUE) return new MatchNoDocsQuery();
            lo++;
        }
        if (part2 != null && !endInclusive) {
            if (hi == Long.MIN_VALUE) return new MatchNoDocsQuery();
            hi--;
        }
        return numericRange(f, numeric, lo, hi);
    }

    private static Query numericRange(String f, IndexFields.Numeric numeric, long lo, long hi) {
        if (numeric == IndexFields.Numeric.INT) {
            lo = Math.max(Integer.MIN_VALUE, lo);
            hi = Math.min(Integer.MAX_VALUE, hi);
        }
        return IndexFields.numericRange(f, lo, hi);
    }

    @Override
    protected Query getWildcardQuery(String field, String termStr) throws ParseException {
        String f = field(field, termStr);
        notNumeric(f, termStr);
        if (resolvesRefs(f)) return keys(refsToKeys.apply(super.getWildcardQuery(f, termStr)));
        if (viaLayers(f)) return layersToFiles.apply(super.getWildcardQuery(f, termStr));
        if (f.equals(IndexFields.SHA256)) return sha256(termStr);
        if (FileAttributes.isAttribute(f)) return FileAttributes.query(f, super.getWildcardQuery(f, termStr));
        if (f.equals(IndexFields.DIR)) return IndexFields.dirWildcard(termStr);
        if (f.equals(IndexFields.PATH)) return PathQueries.wildcard(termStr);
        if (field.equals(ANY) && termStr.equals("*")) return super.getWildcardQuery(IndexFields.KIND, "*");
        return super.getWildcardQuery(f, termStr);
    }

    @Override
    protected Query getPrefixQuery(String field, String termStr) throws ParseException {
        String f = field(field, termStr);
        notNumeric(f, termStr);
        if (resolvesRefs(f)) return keys(refsToKeys.apply(super.getPrefixQuery(f, termStr)));
        if (viaLayers(f)) return layersToFiles.apply(super.getPrefixQuery(f, termStr));
        if (f.equals(IndexFields.SHA256)) return sha256(termStr + "*");
        if (FileAttributes.isAttribute(f)) return FileAttributes.query(f, super.getPrefixQuery(f, termStr));
        if (f.equals(IndexFields.DIR)) return IndexFields.dirWildcard(termStr + "*");
        if (f.equals(IndexFields.PATH)) return PathQueries.prefix(termStr);
        return super.getPrefixQuery(f, termStr);
    }

    @Override
    protected Query getFuzzyQuery(String field, String termStr, float minSimilarity) throws ParseException {
        String f = field(field, termStr);
        notNumeric(f, termStr);
        if (f.equals(IndexFields.SHA256)) throw new ParseException("'sha256:" + termStr + "~': sha256 takes a digest or a prefix, not a fuzzy match");
        if (f.equals(IndexFields.PATH)) throw new ParseException("'path:" + termStr + "~': path takes a path, a prefix or a wildcard, not a fuzzy match");
        if (FileAttributes.isAttribute(f)) return FileAttributes.query(f, super.getFuzzyQuery(f, termStr, minSimilarity));
        return super.getFuzzyQuery(f, termStr, minSimilarity);
    }

    @Override
    protected Query getRegexpQuery(String field, String termStr) throws ParseException {
        throw new ParseException("regular expressions are not supported; use wildcards (* and ?)");
    }

    private static Query sha256(String text) throws ParseException {
        try {
            return IndexFields.sha256Query(text);
        } catch (IllegalArgumentException e) {
            throw new ParseException("'sha256:" + text + "': " + e.getMessage());
        }
    }

    /** {@code mode:755} means {@code 0755}: modes are indexed as four octal digits. */
    private static String padMode(String text) {
        if (!text.matches("[0-7]{1,3}")) return text;
        return "0".repeat(4 - text.length()) + text;
    }

    private static void notNumeric(String f, String text) throws ParseException {
        if (IndexFields.NUMERIC.containsKey(f)) {
            throw new ParseException("'" + f + ":" + text + "': " + f + " is numeric; write " + f + ":N, " + f
                    + ":>N or " + f + ":[A TO B]");
        }
    }

    private static long number(String field, IndexFields.Numeric numeric, String text) throws ParseException {
        try {
            if (numeric == IndexFields.Numeric.SIZE) return Sizes.parse(text);
            return Long.parseLong(text.trim());
        } catch (IllegalArgumentException e) {
            throw new ParseException(numeric == IndexFields.Numeric.SIZE
                    ? "'" + field + ":" + text + "': " + e.getMessage()
                    : "'" + field + ":" + text + "': " + field + " takes a whole number");
        }
    }
}
