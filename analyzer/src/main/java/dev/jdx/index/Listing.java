package dev.jdx.index;

import java.util.List;

/**
 * What {@code jdx ls} shows for one path of one image: the entry itself (null for a directory no tar declared, such
 * as the root) and the entries under it (direct children, or every descendant for a recursive listing), by path.
 */
public record Listing(String path, FileHit self, List<FileHit> entries) {
    public Listing {
        entries = List.copyOf(entries);
    }
}
