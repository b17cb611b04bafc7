package dev.jdx.index;

/**
 * A search over file documents: an optional query in Lucene syntax plus the shortcut filters of {@code jdx search}.
 * Every non-null part must match (they are ANDed).
 *
 * @param query      Lucene query syntax over {@link IndexFields}, or null / blank for "everything"
 * @param nameGlob   {@code *} / {@code ?} glob on the file name, or null
 * @param pathGlob   glob on the whole path, or null
 * @param minSize    only entries strictly larger than this many bytes, or null
 * @param image      only this image (ref, digest or digest prefix), or null
 * @param layer      only this layer, or null
 * @param finalOnly  only entries visible in the final filesystem
 * @param setuid     only setuid or setgid entries
 * @param sha256     only entries with this content hash (hex), or null
 * @param limit      at most this many hits (> 0)
 * @param sort       hit order
 */
public record FileQuery(String query, String nameGlob, String pathGlob, Long minSize, String image, Integer layer,
                        boolean finalOnly, boolean setuid, String sha256, int limit, Sort sort) {

    /** Hit order. */
    public enum Sort {
        /** By path, then image and layer. */
        PATH,
        /** Largest first. */
        SIZE
    }

    public static final int DEFAULT_LIMIT = 50;

    public FileQuery {
        if (limit <= 0) throw new IllegalArgumentException("limit must be positive, got " + limit);
        if (sort == null) sort = Sort.PATH;
    }

    /** A query in Lucene syntax alone, default limit and order. */
    public static FileQuery of(String query) {
        return new FileQuery(query, null, null, null, null, null, false, false, null, DEFAULT_LIMIT, Sort.PATH);
    }

    public FileQuery withImage(String image) {
        return new FileQuery(query, nameGlob, pathGlob, minSize, image, layer, finalOnly, setuid, sha256, limit, sort);
    }

    public FileQuery withFinalOnly(boolean finalOnly) {
        return new FileQuery(query, nameGlob, pathGlob, minSize, image, layer, finalOnly, setuid, sha256, limit, sort);
    }

    public FileQuery withLimit(int limit) {
        return new FileQuery(query, nameGlob, pathGlob, minSize, image, layer, finalOnly, setuid, sha256, limit, sort);
    }

    public FileQuery withSort(Sort sort) {
        return new FileQuery(query, nameGlob, pathGlob, minSize, image, layer, finalOnly, setuid, sha256, limit, sort);
    }
}
