package dev.jdx.index;

import java.util.Map;
import java.util.Set;

/**
 * The names of every field of the index, with the Lucene type each is written as and the queries that type serves.
 * One place on purpose: the writer, the query parser, the searches and the README all read these names.
 *
 * <p>Three kinds of documents share the index, told apart by {@link #KIND}: one per file entry per layer
 * ({@code file}), one per layer ({@code layer}) and one per image ({@code image}). Every document carries
 * {@link #IMAGE}, so re-indexing an image is one delete-by-term plus adds in a single commit.
 *
 * <p>Legend: <b>exact</b> = {@code StringField} (one untokenised term; exact, prefix and wildcard queries);
 * <b>number</b> = a single-valued numeric doc value (exact and range queries as doc-value scans, and sorting;
 * single-valued because the sorted-numeric writer buffers, sorts and counts the values of every document);
 * <b>attribute</b> = the code of one of a few known values, packed with the others into {@link #ATTRS} and
 * queried in Lucene syntax on the value text ({@link FileAttributes}); <b>record number</b> = a number only the
 * {@link #ENTRY} record holds, queried like a number ({@link RecordFilters}); <b>stored</b> = kept for display.
 *
 * <p>"stored" below applies to layer and image documents: a file document has no stored field; every hit is read
 * from its {@link #ENTRY} record, a binary doc value, and the image key from {@link #IMAGE}'s sorted doc value.
 *
 * <p>File documents are most of the index (one per tar entry) and what an inspect pays for, so they carry as few
 * terms as their queries allow (parent, name, extension, link, image, kind), no path term, no points, no ancestor terms and
 * no stored fields: a doc-value scan over a million documents takes a few milliseconds, while each of those costs
 * indexing time on every entry of every inspect (hashing, sorting and compressing at each flush, and the JIT
 * compiling the code that does it in a one-shot process). For the same reason they have four numeric doc values:
 * those searches sort by or filter on alone (layer, size, the sha256 prefix) and the packed attributes; uid, gid and
 * mtime are read from the record.
 */
public final class IndexFields {
    private IndexFields() {}

    /** Bumped when the document layout changes; kept in the commit user data. */
    public static final String SCHEMA_VERSION = "8";
    static final String SCHEMA_KEY = "jdx.index.schema";

    // ---- every document ----
    /** exact: {@code file}, {@code layer} or {@code image}. Searches add it as a filter. */
    public static final String KIND = "kind";
    /** exact + sorted doc values (+ stored on layer and image documents): the image key, the config digest
     *  ({@code sha256:...}) = the image id. The delete key; the doc value tells a file hit its image. */
    public static final String IMAGE = "image";
    /** exact: the manifest digest when the source knew one (layer and image documents; a file search on it goes
     *  through the layer documents, see {@link #DIFF_ID}). */
    public static final String MANIFEST = "manifest";
    /** exact + stored, image documents only: every name the image was inspected as. File searches resolve
     *  {@code ref:} to image keys first, so moving a tag rewrites one small document, not every file document. */
    public static final String REF = "ref";
    /** exact: unique id of image documents ({@code image:<key>}) for updating one in place when a ref moves. */
    static final String ID = "id";

    // ---- file and layer documents ----
    /** number (int) + stored: layer position, 0 = bottom. */
    public static final String LAYER = "layer";
    /** exact: digest of the layer blob as stored (compressed). On layer documents, multi-valued on image documents;
     *  a file search on it (like diff_id, chain_id, manifest) becomes "that layer of those images" through the layer
     *  documents, so file documents do not repeat four per-layer digests each. */
    public static final String LAYER_DIGEST = "layer_digest";
    /** exact: the layer's diff_id (sha256 of the uncompressed tar). Multi-valued on image documents. */
    public static final String DIFF_ID = "diff_id";
    /** exact + stored: the OCI chain id of the layer (the stack up to it). Multi-valued on image documents. */
    public static final String CHAIN_ID = "chain_id";

    // ---- file documents ----
    /** not a term: the absolute path, queried exact, by prefix ({@code /usr/lib/*}) or wildcard, answered from
     *  {@link #PARENT} and {@link #NAME} and, for wildcards, the record ({@link PathQueries}). Sorting by path reads
     *  {@link #ENTRY}, which starts with it. */
    public static final String PATH = "path";
    /** not a term: {@code dir:/usr/lib} means everything under /usr/lib at any depth, a path prefix query
     *  ({@code /usr/lib/}); see {@link #dirQuery}. */
    public static final String DIR = "dir";
    /** exact: the direct parent directory; what {@code jdx ls} lists. */
    public static final String PARENT = "parent";
    /** exact: last path element; {@code name:libssl*}, {@code name:*.so}. Case-sensitive like the filesystem. */
    public static final String NAME = "name";
    /** exact: lower-cased extension without the dot ({@code so}, {@code py}); absent when the name has none. */
    public static final String EXT = "ext";
    /** attribute: file, dir, symlink, hardlink, char, block, fifo, whiteout, opaque. */
    public static final String TYPE = "type";
    /** number (long) + stored: tar header size in bytes (files), layer size (layers), image size (images). */
    public static final String SIZE = "size";
    /** attribute: the mode bits (permissions plus setuid/setgid/sticky), queried as 4 octal digits ({@code 0644},
     *  {@code 4755}); {@code mode:4*} = setuid, {@code mode:*7} = world-writable (or 7). */
    public static final String MODE = "mode";
    /** attribute, from {@link #MODE}: {@code setuid:true} = setuid entries. */
    public static final String SETUID = "setuid";
    /** attribute, from {@link #MODE}: {@code setgid:true} = setgid entries. */
    public static final String SETGID = "setgid";
    /** record number (int). */
    public static final String UID = "uid";
    /** record number (int). */
    public static final String GID = "gid";
    /** record number (long): modification time, epoch seconds. */
    public static final String MTIME = "mtime";
    /** numeric doc value of the first 8 bytes (the whole digest is in {@link #ENTRY}): sha256 of a regular file's
     *  content. Queries take hex, full or a prefix ({@code sha256:9f86d0*}), see {@link Sha256Query}. */
    public static final String SHA256 = "sha256";
    /** exact: symlink target or hardlink target path. */
    public static final String LINK = "link";
    /** attribute: added, modified, removed (whiteout / opaque marker) or shadowed (replaced or removed by an
     *  upper layer); the one-word answer to "what happened to this entry". {@code implied}: a directory no tar
     *  declared that is empty in the final filesystem (a document of its own, as no entry stands for it). */
    public static final String STATUS = "status";
    /** attribute: added, modified or removed: the change relative to the layers below, whether or not shadowed. */
    public static final String CHANGE = "change";
    /** attribute: {@code true} when the entry is visible in the final filesystem, else {@code false}. */
    public static final String FINAL = "final";

    // ---- layer documents ----
    /** number (long) + stored: blob size as stored (layers, and the sum on images). */
    public static final String STORED_SIZE = "stored_size";
    /** number (long) + stored: entries in the layer (layers) / visible non-directories in the final fs (images). */
    public static final String FILES = "files";
    /** text (StandardAnalyzer) + stored: the history step that made the layer; {@code created_by:apt}. */
    public static final String CREATED_BY = "created_by";
    /** exact + stored: gzip, zstd or none. */
    public static final String COMPRESSION = "compression";

    // ---- image documents ----
    /** exact + stored: {@code linux/amd64}, {@code linux/arm64/v8}. */
    public static final String PLATFORM = "platform";
    /** exact: the config's architecture. */
    public static final String ARCH = "arch";
    /** exact + stored: the detected distribution ({@code debian}, {@code alpine}) when the analysis gave one. */
    public static final String OS = "os";
    /** exact + stored: the detected base image when the analysis gave one. */
    public static final String BASE = "base";
    /** exact, multi-valued: {@code key=value} per label; {@code label:org.opencontainers.image.source=*}. */
    public static final String LABEL = "label";
    /** exact, multi-valued: {@code KEY=value} per environment variable; {@code env:PATH=*}. */
    public static final String ENV = "env";
    /** exact, multi-valued: exposed ports as {@code 80/tcp}. */
    public static final String PORT = "port";
    /** exact + stored: the configured user as written, plus {@code root} when the image runs as root (no user,
     *  {@code 0}, {@code root}, {@code 0:...}, {@code root:...}); {@code user:root}. */
    public static final String USER = "user";
    /** exact, multi-valued: package names, and {@code name=version}; {@code package:openssl}. */
    public static final String PACKAGE = "package";
    /** number (int) + stored: number of layers. */
    public static final String LAYERS = "layers";
    /** exact: the chain id of the top layer; what base-image matching looks up. */
    public static final String TOP_CHAIN = "top_chain";
    /** number (long) + stored: when the image was indexed, epoch milliseconds. */
    public static final String INDEXED_AT = "indexed_at";
    /** numeric doc value, file documents: type, mode, status, change and final packed into one value
     *  ({@link FileAttributes#pack}); what queries on those attributes and setuid / setgid read. */
    static final String ATTRS = "attrs";
    /** binary doc value, file documents: what a hit shows (path, layer, type, size, mode, ids, mtime, link, sha256,
     *  status, final) as one record starting with the path, see {@link FileRecord}; also the path sort key. */
    static final String ENTRY = "entry";
    /** stored only: the image's record as JSON, to rebuild the image document when a ref moves and to list images. */
    static final String RECORD = "record";

    /** Document kinds. */
    public static final String KIND_FILE = "file", KIND_LAYER = "layer", KIND_IMAGE = "image";

    /** How the query parser must treat a numeric field. */
    enum Numeric { INT, LONG, SIZE }

    /** The numeric fields: {@code field:N}, ranges and {@code field:>N} become point queries on them. */
    static final Map<String, Numeric> NUMERIC = Map.of(
            LAYER, Numeric.INT, UID, Numeric.INT, GID, Numeric.INT, LAYERS, Numeric.INT,
            SIZE, Numeric.SIZE, STORED_SIZE, Numeric.SIZE, FILES, Numeric.LONG, MTIME, Numeric.LONG,
            INDEXED_AT, Numeric.LONG);

    /**
     * Exact and range queries on a numeric field: a scan of its doc values, or for uid, gid and mtime, which only file
     * documents have, of their records ({@link RecordFilters}).
     */
    static org.apache.lucene.search.Query numericRange(String field, long lo, long hi) {
        if (lo > hi) return new org.apache.lucene.search.MatchNoDocsQuery();
        if (RecordFilters.holds(field)) return RecordFilters.range(field, lo, hi);
        return org.apache.lucene.document.NumericDocValuesField.newSlowRangeQuery(field, lo, hi);
    }

    /** {@code dir:D}: every path under directory D at any depth, as a prefix query on {@link #PATH}. */
    static org.apache.lucene.search.Query dirQuery(String dir) {
        String d = dir.length() > 1 && dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
        return PathQueries.under(d);
    }

    /** {@code dir:} with wildcards: paths with an ancestor directory matching the pattern. */
    static org.apache.lucene.search.Query dirWildcard(String pattern) {
        return PathQueries.wildcard(pattern + "/*");
    }

    /**
     * The query on {@link #SHA256} for a hex digest (64 digits) or a hex prefix (fewer digits), see
     * {@link Sha256Query}. Throws IllegalArgumentException on anything but hex.
     */
    static org.apache.lucene.search.Query sha256Query(String hexOrPrefix) {
        return new Sha256Query(hexOrPrefix);
    }

    /** Fields analysed as text; every other field is an exact term. */
    static final Set<String> TEXT = Set.of(CREATED_BY);
}
