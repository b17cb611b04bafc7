package dev.jdx.index;

/** A query the user wrote does not parse; a usage error, not an I/O error. */
public final class QuerySyntaxException extends Exception {
    private final int position;

    /** @param position 0-based character offset in the query where the problem was found, or -1 */
    public QuerySyntaxException(String message, int position) {
        super(message);
        this.position = position;
    }

    /** 0-based character offset in the query, or -1 when the problem has no single position (a bad value). */
    public int position() {
        return position;
    }
}
