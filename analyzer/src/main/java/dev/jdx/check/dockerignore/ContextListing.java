package dev.jdx.check.dockerignore;

import java.util.List;

/**
 * Exactly what a build would send: the files, their total size, and which ignore file decided.
 *
 * @param builder    whose rules were applied
 * @param dockerfile the Dockerfile relative to the context, or null when it lies outside
 * @param ignore     the ignore file used ({@link IgnoreFile#none()} when there is none)
 * @param files      the files in path order
 * @param totalBytes the sum of their sizes
 */
public record ContextListing(Builder builder, String dockerfile, IgnoreFile ignore, List<ContextFile> files, long totalBytes) {
    public ContextListing {
        files = List.copyOf(files);
    }

    /** The ignore file's name, or null. */
    public String ignoreFile() {
        return ignore.name();
    }

    /** The paths a {@code COPY . /dst/} would copy. */
    public List<String> copyablePaths() {
        return files.stream().filter(ContextFile::copyable).map(ContextFile::path).toList();
    }
}
