package dev.jdx.index;

import dev.jdx.index.FileRecord.Number;
import java.io.IOException;
import java.util.Map;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TwoPhaseIterator;
import org.apache.lucene.store.ByteArrayDataInput;

/**
 * Queries on the numbers of a file document that only its {@link IndexFields#ENTRY} record holds (uid, gid, mtime;
 * see {@link FileRecord}), checked one record at a time.
 *
 * <p>Why not doc values of their own: each was one more field for every file entry to buffer and every flush to
 * encode, for queries that are rare and seldom alone. Combined with a term (a name, a parent directory, an image),
 * a size range or an attribute, these filters check only the candidates those pick: their match cost puts them last in
 * a conjunction. Alone, a filter reads every record: a few tenths of a second per million file entries in a search
 * process, once, as Lucene's query cache keeps a filter that is used again.
 */
final class RecordFilters {
    private RecordFilters() {}

    /** The numbers a query field reads from the record. */
    private static final Map<String, Number> HELD = Map.of(IndexFields.UID, Number.UID, IndexFields.GID, Number.GID,
            IndexFields.MTIME, Number.MTIME);

    /** Whether {@code field} is answered from the record. */
    static boolean holds(String field) {
        return HELD.containsKey(field);
    }

    /** File entries whose number {@code field} (uid, gid or mtime) is in [lo, hi]. */
    static Query range(String field, long lo, long hi) {
        Number n = HELD.get(field);
        if (n == null) throw new IllegalArgumentException("not held in the file record: " + field);
        if (lo > hi) return new MatchNoDocsQuery(field + " range is empty");
        return new Range(field, n, lo, hi);
    }

    /** Equality by field and range (the query text). */
    private static final class Range extends DocValuesFilter {
        private final Number number;
        private final long lo, hi;

        Range(String field, Number number, long lo, long hi) {
            super(field, "[" + lo + " TO " + hi + "]", IndexFields.ENTRY);
            this.number = number;
            this.lo = lo;
            this.hi = hi;
        }

        @Override
        TwoPhaseIterator matching(LeafReader reader) throws IOException {
            BinaryDocValues records = DocValues.getBinary(reader, IndexFields.ENTRY);
            ByteArrayDataInput in = new ByteArrayDataInput();
            // the cost: finding the end of the path, then a few variable-length numbers
            return checked(records, 40, () -> {
                long v = FileRecord.number(records.binaryValue(), number, in);
                return v >= lo && v <= hi;
            });
        }
    }
}
