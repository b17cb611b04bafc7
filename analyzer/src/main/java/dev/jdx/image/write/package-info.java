/**
 * Image writers: save an {@link dev.jdx.image.Image} as an OCI layout directory, an OCI archive or a
 * docker-archive, atomically (a failed write leaves no partial output).
 *
 * <p>May import {@code dev.jdx.image}, commons-compress and Jackson; knows nothing of sources, registries or analysis.
 */
package dev.jdx.image.write;
