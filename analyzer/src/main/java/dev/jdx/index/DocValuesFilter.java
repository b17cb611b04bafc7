package dev.jdx.index;

import java.io.IOException;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.ConstantScoreScorer;
import org.apache.lucene.search.ConstantScoreWeight;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.ScorerSupplier;
import org.apache.lucene.search.TwoPhaseIterator;
import org.apache.lucene.search.Weight;

/**
 * A query on a field that has no terms: it reads each candidate's doc values and keeps those that match, with a
 * constant score. Subclasses say how one segment's documents are checked; this class holds Lucene's query contract
 * (weight, scorer, cacheability, visitor, equality by the query text).
 */
abstract class DocValuesFilter extends Query {
    private final String field;
    private final String text;
    private final String[] docValueFields;

    /**
     * {@code field}: the searched field, for the visitor; {@code text}: the query as shown, which with the field
     * decides equality; {@code docValueFields}: the doc values read, for the query cache.
     */
    DocValuesFilter(String field, String text, String... docValueFields) {
        this.field = field;
        this.text = text;
        this.docValueFields = docValueFields;
    }

    /** The documents of one segment, as an approximation and the check of each (see {@link #checked}). */
    abstract TwoPhaseIterator matching(LeafReader reader) throws IOException;

    /** The check of the approximation's current document. */
    @FunctionalInterface
    interface Check {
        boolean matches() throws IOException;
    }

    /**
     * The documents of {@code approximation} (a doc-values iterator, whose values {@code check} reads) that
     * {@code check} accepts; {@code cost} tells a conjunction how expensive one check is, so cheaper ones run first.
     */
    static TwoPhaseIterator checked(DocIdSetIterator approximation, float cost, Check check) {
        return new TwoPhaseIterator(approximation) {
            @Override
            public boolean matches() throws IOException {
                return check.matches();
            }

            @Override
            public float matchCost() {
                return cost;
            }
        };
    }

    @Override
    public final Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) {
        return new ConstantScoreWeight(this, boost) {
            @Override
            public ScorerSupplier scorerSupplier(LeafReaderContext context) throws IOException {
                return new DefaultScorerSupplier(new ConstantScoreScorer(score(), scoreMode, matching(context.reader())));
            }

            @Override
            public boolean isCacheable(LeafReaderContext ctx) {
                return DocValues.isCacheable(ctx, docValueFields);
            }
        };
    }

    @Override
    public final void visit(QueryVisitor visitor) {
        if (visitor.acceptField(field)) visitor.visitLeaf(this);
    }

    @Override
    public final String toString(String ignored) {
        return field + ":" + text;
    }

    @Override
    public final boolean equals(Object o) {
        return sameClassAs(o) && field.equals(((DocValuesFilter) o).field) && text.equals(((DocValuesFilter) o).text);
    }

    @Override
    public final int hashCode() {
        return (classHash() * 31 + field.hashCode()) * 31 + text.hashCode();
    }
}
