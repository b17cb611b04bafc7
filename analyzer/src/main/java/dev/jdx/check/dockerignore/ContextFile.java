package dev.jdx.check.dockerignore;

/**
 * One file of the build context as the builder receives it.
 *
 * @param path     slash-separated path relative to the context
 * @param size     bytes (a symlink counts its own size, not its target's)
 * @param copyable false for the Dockerfile or ignore file when the ignore file excludes them: they reach the
 *                 builder but {@code COPY} cannot use them
 */
public record ContextFile(String path, long size, boolean copyable) {}
