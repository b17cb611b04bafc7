package dev.jdx.index;

import dev.jdx.fs.ChangeKind;
import dev.jdx.fs.EntryType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.search.AutomatonQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TwoPhaseIterator;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.automaton.CompiledAutomaton;

/**
 * The small-domain attributes of a file document ({@code type}, {@code mode}, {@code status}, {@code change},
 * {@code final}, {@code setuid}, {@code setgid}), written as codes packed into one numeric doc value
 * ({@link IndexFields#ATTRS}) rather than as terms or a doc value each.
 *
 * <p>Why: each is one of a few known values (9 types, 5 statuses, 4096 modes), so a query on one is answered by
 * scanning a million codes in a few milliseconds, while a term per attribute per file entry costs the inverted
 * index's hashing, postings and flush sorting on every inspect, and a doc value each the buffering and flush encoding
 * of five fields instead of one (about a quarter of the indexing time on a 195k-entry image, with uid, gid and mtime,
 * which {@link RecordFilters} now reads from the record). An image has few distinct combinations, so the packed
 * value still takes a byte or less per entry.
 *
 * <p>Queries stay in Lucene syntax: the classic parser builds its usual term, wildcard, prefix, range or fuzzy query
 * on the value text, and {@link #query} evaluates that query against every value of the attribute's domain, giving a
 * set query on the codes ({@code mode:4*} → the 512 modes whose octal text starts with 4).
 */
final class FileAttributes {
    private FileAttributes() {}

    /** Type names by code, the {@link EntryType} ordinal; the code {@link IndexFields#ATTRS} holds for the type. */
    static final List<String> TYPES = Arrays.stream(EntryType.values()).map(FileAttributes::typeName).toList();
    /** Change names by code, the {@link ChangeKind} ordinal ({@link IndexFields#CHANGE}). */
    static final List<String> CHANGES = Arrays.stream(ChangeKind.values()).map(ChangeKind::label).toList();
    /** Status names by code ({@link IndexFields#STATUS}): a change, shadowed by an upper layer, or implied (a directory
     *  no tar declared, left empty in the final filesystem: see {@link dev.jdx.fs.LayerStack#emptiedDirectories()}). */
    static final List<String> STATUSES = java.util.stream.Stream.concat(CHANGES.stream(),
            java.util.stream.Stream.of("shadowed", ImpliedDirectories.STATUS)).toList();
    /** {@link IndexFields#FINAL}: 0 = false, 1 = true. */
    static final List<String> BOOLEANS = List.of("false", "true");

    private static final int SETUID_BIT = 04000, SETGID_BIT = 02000;

    // where each attribute's code sits in the packed value: shift and width in bits
    private static final int MODE_SHIFT = 0, MODE_BITS = 12, TYPE_SHIFT = 12, TYPE_BITS = 4, STATUS_SHIFT = 16,
            STATUS_BITS = 3, CHANGE_SHIFT = 19, CHANGE_BITS = 2, FINAL_SHIFT = 21, FINAL_BITS = 1;

    /** The {@link IndexFields#ATTRS} doc value of a file entry. */
    static long pack(int typeCode, int mode, int statusCode, int changeCode, boolean inFinal) {
        return (long) (mode & 07777) << MODE_SHIFT | (long) fit(typeCode, TYPE_BITS) << TYPE_SHIFT
                | (long) fit(statusCode, STATUS_BITS) << STATUS_SHIFT | (long) fit(changeCode, CHANGE_BITS) << CHANGE_SHIFT
                | (inFinal ? 1L : 0L) << FINAL_SHIFT;
    }

    private static int fit(int code, int bits) {
        if (code < 0 || code >= 1 << bits) throw new IllegalArgumentException("attribute code " + code + " needs more than " + bits + " bits");
        return code;
    }

    /** The attribute fields a query may name, with the attribute holding their codes. */
    private static final Map<String, String> STORED_IN = Map.of(IndexFields.TYPE, IndexFields.TYPE,
            IndexFields.MODE, IndexFields.MODE, IndexFields.STATUS, IndexFields.STATUS, IndexFields.CHANGE,
            IndexFields.CHANGE, IndexFields.FINAL, IndexFields.FINAL,
            // setuid / setgid are bits of the mode: "setuid:true" = every mode with the bit set
            IndexFields.SETUID, IndexFields.MODE, IndexFields.SETGID, IndexFields.MODE);

    static boolean isAttribute(String field) {
        return STORED_IN.containsKey(field);
    }

    static int typeCode(String type) {
        int c = TYPES.indexOf(type);
        if (c < 0) throw new IllegalArgumentException("unknown entry type " + type);
        return c;
    }

    static int statusCode(String status) {
        return STATUSES.indexOf(status);
    }

    /** The name an entry type is searched and shown by. */
    private static String typeName(EntryType t) {
        return switch (t) {
            case FILE -> "file";
            case DIR -> "dir";
            case SYMLINK -> "symlink";
            case HARDLINK -> "hardlink";
            case CHAR_DEVICE -> "char";
            case BLOCK_DEVICE -> "block";
            case FIFO -> "fifo";
            case WHITEOUT -> "whiteout";
            case OPAQUE -> "opaque";
        };
    }

    /** Files in the final filesystem. */
    static Query finalOnly() {
        return new Codes(IndexFields.FINAL, IndexFields.FINAL, new long[] {1});
    }

    /** Setuid or setgid entries. */
    static Query setuidOrSetgid() {
        return modesWith(m -> (m & (SETUID_BIT | SETGID_BIT)) != 0);
    }

    /**
     * The doc-values query equivalent to {@code parsed}, a query the classic parser built on attribute
     * {@code field}: a term, wildcard, prefix, range or fuzzy query on the value text.
     */
    static Query query(String field, Query parsed) {
        String dv = STORED_IN.get(field);
        List<Long> codes = new ArrayList<>();
        switch (field) {
            case IndexFields.SETUID, IndexFields.SETGID -> {
                if (accepts(parsed, "true")) {
                    int bit = field.equals(IndexFields.SETUID) ? SETUID_BIT : SETGID_BIT;
                    return modesWith(m -> (m & bit) != 0);
                }
            }
            case IndexFields.MODE -> {
                for (int m = 0; m <= 07777; m++) if (accepts(parsed, String.format("%04o", m))) codes.add((long) m);
            }
            default -> {
                List<String> domain = switch (field) {
                    case IndexFields.TYPE -> TYPES;
                    case IndexFields.STATUS -> STATUSES;
                    case IndexFields.CHANGE -> CHANGES;
                    case IndexFields.FINAL -> BOOLEANS;
                    default -> throw new IllegalArgumentException("not a file attribute: " + field);
                };
                for (int c = 0; c < domain.size(); c++) if (accepts(parsed, domain.get(c))) codes.add((long) c);
            }
        }
        if (codes.isEmpty()) return new MatchNoDocsQuery("no " + field + " value matches " + parsed.toString(field));
        return new Codes(field, dv, codes.stream().mapToLong(Long::longValue).toArray());
    }

    private static Query modesWith(java.util.function.IntPredicate p) {
        long[] modes = java.util.stream.IntStream.rangeClosed(0, 07777).filter(p).asLongStream().toArray();
        return new Codes(IndexFields.MODE, IndexFields.MODE, modes);
    }

    /**
     * File entries whose attribute {@code held} (type, mode, status, change or final) has one of {@code codes}, read
     * from the packed doc value; {@code field} is the one the query named (setuid and setgid are held in the mode).
     * Equality by field and codes.
     */
    private static final class Codes extends DocValuesFilter {
        private final int shift, mask;
        private final boolean[] accepted;

        Codes(String field, String held, long[] codes) {
            super(field, Arrays.toString(codes), IndexFields.ATTRS);
            int bits;
            switch (held) {
                case IndexFields.MODE -> { shift = MODE_SHIFT; bits = MODE_BITS; }
                case IndexFields.TYPE -> { shift = TYPE_SHIFT; bits = TYPE_BITS; }
                case IndexFields.STATUS -> { shift = STATUS_SHIFT; bits = STATUS_BITS; }
                case IndexFields.CHANGE -> { shift = CHANGE_SHIFT; bits = CHANGE_BITS; }
                case IndexFields.FINAL -> { shift = FINAL_SHIFT; bits = FINAL_BITS; }
                default -> throw new IllegalArgumentException("not a file attribute: " + held);
            }
            mask = (1 << bits) - 1;
            accepted = new boolean[1 << bits];
            for (long c : codes) if (c >= 0 && c <= mask) accepted[(int) c] = true;
        }

        @Override
        TwoPhaseIterator matching(LeafReader reader) throws IOException {
            NumericDocValues attrs = DocValues.getNumeric(reader, IndexFields.ATTRS);
            return checked(attrs, 2, () -> accepted[(int) (attrs.longValue() >>> shift) & mask]);
        }
    }

    /** Whether the parsed query would match a term of this text. */
    private static boolean accepts(Query parsed, String value) {
        BytesRef term = new BytesRef(value);
        if (parsed instanceof TermQuery t) return t.getTerm().bytes().bytesEquals(term);
        CompiledAutomaton c;
        if (parsed instanceof AutomatonQuery a) c = a.getCompiled(); // wildcard, prefix, range
        else if (parsed instanceof FuzzyQuery f) c = f.getAutomata();
        else throw new IllegalArgumentException("unsupported query on a file attribute: " + parsed);
        return switch (c.type) {
            case NONE -> false;
            case ALL -> true;
            case SINGLE -> c.term.bytesEquals(term);
            case NORMAL -> c.runAutomaton.run(term.bytes, term.offset, term.length);
        };
    }
}
