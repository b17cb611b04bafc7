package dev.jdx.analysis;

import java.util.List;

/**
 * Regular files of the final filesystem with the same content at different paths.
 *
 * @param sha256        their content hash
 * @param sizeBytes     the size of one copy
 * @param count         how many paths hold it
 * @param sharableBytes sizeBytes × (count - 1): what hardlinking or deduplicating would save
 * @param paths         the paths, sorted (at most {@link #MAX_PATHS})
 */
public record DuplicateGroup(String sha256, long sizeBytes, int count, long sharableBytes, List<String> paths) {
    public static final int MAX_PATHS = 20;

    public DuplicateGroup {
        paths = List.copyOf(paths);
    }
}
