/**
 * The image model: digests, descriptors, media types, platforms, the parsed config and history, and the
 * {@link dev.jdx.image.Image} / {@link dev.jdx.image.Layer} pair every source produces.
 *
 * <p>Knows nothing of sources, registries, scanning, analysis or reports; every other package may import it.
 */
package dev.jdx.image;
