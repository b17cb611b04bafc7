/**
 * Checks and their findings: {@link dev.jdx.check.Check} (a stable id with severity, why and fix),
 * {@link dev.jdx.check.Finding} (one occurrence, at a file and line or at a path inside an image),
 * {@link dev.jdx.check.Severity} and the {@link dev.jdx.check.LintConfig} that disables or re-grades checks; the
 * quality gate: {@link dev.jdx.check.Policy} (read by {@link dev.jdx.check.PolicyLoader} from {@code .jdx.yaml} or
 * dive's {@code .dive-ci}), {@link dev.jdx.check.Gate} over {@link dev.jdx.check.Measures} and findings, and its
 * {@link dev.jdx.check.GateResult}.
 *
 * <p>Generic on purpose: build-context checks live in {@code check.dockerignore} / {@code check.dockerfile},
 * image-content checks in {@code check.image}. May import {@code dev.jdx.image}; knows
 * nothing of reports, Lucene or the CLI.
 */
package dev.jdx.check;
