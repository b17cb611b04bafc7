package dev.jdx.html;

import java.util.List;

/**
 * Where the image wastes bytes: the top reclaimable paths and groups of files with identical content.
 *
 * @param paths      biggest first
 * @param duplicates biggest reclaimable first
 */
public record WasteView(List<WastedPath> paths, List<DuplicateGroup> duplicates) {
    public WasteView {
        paths = List.copyOf(paths);
        duplicates = List.copyOf(duplicates);
    }

    /**
     * One path whose bytes are written and then discarded.
     *
     * @param writerLayer    the layer that wrote the bytes
     * @param discarderLayer the layer that overwrote or deleted them, or null (e.g. a duplicate kept in place)
     * @param occurrences    how many layers wrote the path
     */
    public record WastedPath(String path, long bytes, int occurrences, int writerLayer, Integer discarderLayer, String reason) {
        public String bytesHuman() {
            return Format.bytes(bytes);
        }
    }

    /** Files with the same content: all but one copy are reclaimable. */
    public record DuplicateGroup(String sha256, long size, List<String> paths) {
        public DuplicateGroup {
            paths = List.copyOf(paths);
        }

        public long reclaimableBytes() {
            return size * Math.max(0, paths.size() - 1);
        }

        public String reclaimableHuman() {
            return Format.bytes(reclaimableBytes());
        }

        public String sizeHuman() {
            return Format.bytes(size);
        }

        public String shortSha() {
            return sha256 == null ? null : sha256.substring(0, Math.min(12, sha256.length()));
        }
    }
}
