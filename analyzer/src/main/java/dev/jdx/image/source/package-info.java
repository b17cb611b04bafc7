/**
 * Image sources: docker-archive (every variant), OCI archive, OCI layout directory, and later registries and
 * daemons. Every source reduces to "find the manifest" + "open a blob by digest"; one shared class derives the
 * {@link dev.jdx.image.Image} from those.
 *
 * <p>May import {@code dev.jdx.image}; knows nothing of registry auth, scanning or analysis.
 */
package dev.jdx.image.source;
