/**
 * Checks on the content of a built image: who it runs as, setuid and world-writable files, secrets by name,
 * content and environment, package-manager caches, reclaimable waste, end-of-life OS, the base image, the
 * healthcheck. Each check is a pure function over {@link dev.jdx.check.image.ImageFacts}.
 *
 * <p>May import {@code dev.jdx.check}, {@code dev.jdx.check.dockerfile} (the end-of-life table and base-image
 * parsing), {@code dev.jdx.image}, {@code dev.jdx.fs} and {@code dev.jdx.analysis}; knows nothing of reports,
 * Lucene or the CLI.
 */
package dev.jdx.check.image;
