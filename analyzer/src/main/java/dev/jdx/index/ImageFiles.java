package dev.jdx.index;

import java.util.List;

/** An image and the file entries of it that matched a cross-image question ("which images contain X"). */
public record ImageFiles(IndexedImage image, List<FileHit> hits) {
    public ImageFiles {
        hits = List.copyOf(hits);
    }
}
