package dev.jdx.index;

import java.util.List;

/**
 * Another image that shares layers with a given one.
 *
 * @param image             the other image
 * @param sharedDiffIds     diff_ids present in both images, in the given image's layer order
 * @param commonChainLength how many bottom layers the two stacks have in common (equal chain ids)
 */
public record ImageOverlap(IndexedImage image, List<String> sharedDiffIds, int commonChainLength) {
    public ImageOverlap {
        sharedDiffIds = List.copyOf(sharedDiffIds);
    }
}
