package dev.jdx.fs;

/**
 * A request to the layer scanner to keep the bytes of a few small regular files during its single streaming pass
 * (release files, package databases, package manifests) so analysis can read them without a second pass.
 *
 * <p>Contract for the scanner: for every regular file (type {@link EntryType#FILE}) call {@link #limit(String)};
 * when the result is positive and the entry's size is at most that limit, read the whole content (while hashing
 * it as usual), pass it through {@link #reduce(String, byte[])} and store the result, unless null, under the
 * entry's path in that layer's map of {@link CapturedFiles}. Larger files are not kept at all (never truncated), so a reader
 * never parses half a database; the {@link FileEntry} still records the size.
 */
public interface ContentCapture {

    /** Captures nothing. */
    ContentCapture NONE = path -> 0;

    /** The largest file at {@code path} (normalised absolute) whose content to keep, in bytes; 0 keeps nothing. */
    long limit(String path);

    /**
     * What to keep of a captured file; by default everything. Lets a capture shrink what it holds, e.g. keep only
     * the {@code pom.properties} members of a JAR rather than the whole archive. Null keeps nothing for this file.
     */
    default byte[] reduce(String path, byte[] content) {
        return content;
    }

    /**
     * A capture keeping what either {@code a} or {@code b} asks for. A file both want is kept up to the larger
     * limit; its content is reduced by {@code a} when it fits {@code a}'s limit, else by {@code b}, so each capture
     * sees its own files exactly as it would alone (the two rarely overlap: metadata files vs. secret candidates).
     */
    static ContentCapture union(ContentCapture a, ContentCapture b) {
        return new ContentCapture() {
            @Override
            public long limit(String path) {
                return Math.max(a.limit(path), b.limit(path));
            }

            @Override
            public byte[] reduce(String path, byte[] content) {
                long la = a.limit(path);
                return la > 0 && content.length <= la ? a.reduce(path, content) : b.reduce(path, content);
            }
        };
    }
}
