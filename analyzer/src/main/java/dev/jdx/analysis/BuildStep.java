package dev.jdx.analysis;

/**
 * One history entry of the image config, read as a Dockerfile instruction.
 *
 * @param step        position in the history, 0-based
 * @param instruction the cleaned instruction ({@code RUN apt-get update}, {@code COPY file:3b09c5ab1f2e /app}); a
 *                    history line that is no Dockerfile instruction becomes a {@code #} comment
 * @param createdBy   the raw {@code created_by} text, or null
 * @param created     the {@code created} timestamp, or null
 * @param comment     the history {@code comment} (e.g. {@code buildkit.dockerfile.v0}), or null
 * @param emptyLayer  true when the step produced no layer ({@code empty_layer})
 * @param layer       the layer it produced (non-empty entries map to layers in order), or null
 * @param layerSizeBytes that layer's size (Σ tar-header sizes), or null
 */
public record BuildStep(int step, String instruction, String createdBy, String created, String comment,
                        boolean emptyLayer, Integer layer, Long layerSizeBytes) {}
