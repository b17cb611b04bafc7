/**
 * Dockerfiles and the checks on how an image is built: the {@link dev.jdx.check.dockerfile.DockerfileParser}
 * (continuations, the escape directive, heredocs, JSON and shell forms, stages, ARG substitution), the base-image
 * and practice rules, the end-of-life table, and {@link dev.jdx.check.dockerfile.BuildLinter}, which also runs the
 * build-context rules over {@code dev.jdx.check.dockerignore}.
 *
 * <p>May import {@code dev.jdx.check} and {@code dev.jdx.check.dockerignore}; knows nothing of images, reports
 * or the CLI.
 */
package dev.jdx.check.dockerfile;
