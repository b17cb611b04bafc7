package dev.jdx.analysis;

/**
 * jdx's own waste figures: bytes stored in the layers but absent from the final filesystem, each stored copy
 * counted once, and content duplicated across paths.
 *
 * @param totalLayerBytes      Σ tar-header sizes of every layer (what dive calls the image size)
 * @param finalBytes           Σ sizes of the regular files visible in the final filesystem
 * @param reclaimableBytes     bytes of every stored copy that the final filesystem does not show: overwritten or
 *                             re-chmodded copies, deleted files, files under deleted or opaqued directories, an
 *                             earlier copy of a path written twice in one layer; a copy still reachable through a
 *                             visible hardlink is not reclaimable
 * @param score                1 - reclaimable / total (1.0 for an image without bytes)
 * @param baseLayers           the base boundary used: the {@link BaseImageGuess} layer count, or 1 (layer 0, dive's
 *                             convention) when no base could be told apart
 * @param userLayerBytes       Σ sizes of the layers above the base
 * @param userReclaimableBytes reclaimable bytes discarded by the layers above the base (their own churn and what
 *                             they deleted or overwrote of the base)
 * @param userReclaimableRatio userReclaimableBytes / userLayerBytes; 0 when there are no user bytes (never NaN);
 *                             can exceed 1 when a small layer deletes a large part of the base
 * @param duplicateBytes       bytes that could be shared: for each content seen at several final paths, its size
 *                             times (paths - 1)
 */
public record Efficiency(long totalLayerBytes, long finalBytes, long reclaimableBytes, double score, int baseLayers,
                         long userLayerBytes, long userReclaimableBytes, double userReclaimableRatio,
                         long duplicateBytes) {}
