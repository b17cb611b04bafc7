package dev.jdx.index;

import java.util.List;

/**
 * The hits of a search, in order, and how many documents matched in all.
 *
 * @param total      matching documents (a lower bound when {@code totalIsLowerBound})
 */
public record SearchResult<T>(List<T> hits, long total, boolean totalIsLowerBound) {
    public SearchResult {
        hits = List.copyOf(hits);
    }
}
