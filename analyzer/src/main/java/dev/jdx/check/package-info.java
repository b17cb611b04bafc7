/**
 * Checks and their findings: {@link dev.jdx.check.Check} (a stable id with severity, why and fix),
 * {@link dev.jdx.check.Finding} (one occurrence, at a file and line or at a path inside an image),
 * {@link dev.jdx.check.Severity} and the {@link dev.jdx.check.LintConfig} that disables or re-grades checks.
 *
 * <p>Generic on purpose: build-context checks live in {@code check.dockerignore} / {@code check.dockerfile},
 * image-content checks and the policy gate will live beside them. May import {@code dev.jdx.image}; knows
 * nothing of reports, Lucene or the CLI.
 */
package dev.jdx.check;
