/**
 * The build context as Docker, BuildKit and Buildah see it: the ignore-file reader
 * ({@link dev.jdx.check.dockerignore.IgnoreFile}), the pattern matcher of moby/patternmatcher
 * ({@link dev.jdx.check.dockerignore.PatternMatcher}), the three context walkers and the resulting
 * {@link dev.jdx.check.dockerignore.ContextListing}.
 *
 * <p>Reproduces the Go code's behaviour, quirks included (see shared/notes/semantics.md); every deviation is a bug.
 * May import {@code dev.jdx.check}; knows nothing of Dockerfiles, images, reports or the CLI.
 */
package dev.jdx.check.dockerignore;
