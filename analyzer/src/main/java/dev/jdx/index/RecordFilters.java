package dev.jdx.index;

import dev.jdx.index.FileRecord.Attribute;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TwoPhaseIterator;
import org.apache.lucene.store.ByteArrayDataInput;
import org.apache.lucene.util.BytesRef;

/**
 * Queries on the file attributes and numbers that only the {@link IndexFields#ENTRY} record holds (type, mode,
 * status, change, final, uid, gid, mtime; see {@link FileRecord}), checked one record at a time.
 *
 * <p>Why not doc values of their own: each was one more field for every file entry to buffer and every flush to
 * encode, about a quarter of the indexing time of an inspect, for queries that are rare or never alone. Combined with a
 * term (a name, a parent directory, an image) or a size range, these filters check only the candidates those pick: their
 * match cost puts them last in a conjunction. Alone, a filter reads every record: tens of milliseconds per million
 * file entries, once, as Lucene's query cache keeps a filter that is used again.
 */
final class RecordFilters {
    private RecordFilters() {}

    /** The attributes and numbers a query field reads from the record. */
    private static final Map<String, Attribute> HELD = Map.of(IndexFields.TYPE, Attribute.TYPE,
            IndexFields.STATUS, Attribute.STATUS, IndexFields.CHANGE, Attribute.CHANGE, IndexFields.FINAL, Attribute.FINAL,
            IndexFields.MODE, Attribute.MODE, IndexFields.UID, Attribute.UID, IndexFields.GID, Attribute.GID,
            IndexFields.MTIME, Attribute.MTIME);

    /** Whether {@code field} is answered from the record. */
    static boolean holds(String field) {
        return HELD.containsKey(field);
    }

    /** File entries whose {@code field} (type, status, change, final or mode) has one of {@code codes}. */
    static Query codes(String field, long... codes) {
        if (codes.length == 0) return new MatchNoDocsQuery("no " + field + " value");
        long[] sorted = codes.clone();
        Arrays.sort(sorted);
        // a table of the domain: mode has 4096 values, the others fewer than 16
        boolean[] accepted = new boolean[07777 + 1];
        for (long c : sorted) {
            if (c < 0 || c >= accepted.length) throw new IllegalArgumentException(field + " code " + c);
            accepted[(int) c] = true;
        }
        return new Filter(field, Arrays.toString(sorted), attribute(field)) {
            @Override
            boolean accepts(long value) {
                return value >= 0 && value < accepted.length && accepted[(int) value];
            }
        };
    }

    /** File entries whose number {@code field} (uid, gid, mtime; or a code) is in [lo, hi]. */
    static Query range(String field, long lo, long hi) {
        if (lo > hi) return new MatchNoDocsQuery(field + " range is empty");
        return new Filter(field, "[" + lo + " TO " + hi + "]", attribute(field)) {
            @Override
            boolean accepts(long value) {
                return value >= lo && value <= hi;
            }
        };
    }

    private static Attribute attribute(String field) {
        Attribute a = HELD.get(field);
        if (a == null) throw new IllegalArgumentException("not held in the file record: " + field);
        return a;
    }

    /** One attribute of every record tested; equality by field and accepted values (the query text). */
    private abstract static class Filter extends DocValuesFilter {
        private final Attribute attribute;

        Filter(String field, String text, Attribute attribute) {
            super(field, text, IndexFields.ENTRY);
            this.attribute = attribute;
        }

        abstract boolean accepts(long value);

        @Override
        TwoPhaseIterator matching(LeafReader reader) throws IOException {
            BinaryDocValues records = DocValues.getBinary(reader, IndexFields.ENTRY);
            ByteArrayDataInput in = new ByteArrayDataInput();
            return new TwoPhaseIterator(records) {
                @Override
                public boolean matches() throws IOException {
                    BytesRef r = records.binaryValue();
                    return accepts(FileRecord.attribute(r, attribute, in));
                }

                @Override
                public float matchCost() {
                    return 40; // finding the end of the path, then a byte or a few variable-length numbers
                }
            };
        }
    }
}
