package dev.jdx.check.dockerfile;

import dev.jdx.check.Finding;
import dev.jdx.check.Severity;
import java.util.List;

/**
 * What {@code jdx lint} found for one build context.
 *
 * @param dockerfile the Dockerfile's name relative to the context (or as given)
 * @param ignoreFile the ignore file used, or null
 * @param builder    whose context rules applied
 * @param findings   sorted by file, line, then severity (highest first)
 */
public record LintResult(String dockerfile, String ignoreFile, dev.jdx.check.dockerignore.Builder builder, List<Finding> findings) {
    public LintResult {
        findings = List.copyOf(findings);
    }

    /** True when some finding is at least {@code threshold}. */
    public boolean reaches(Severity threshold) {
        return findings.stream().anyMatch(f -> f.severity().atLeast(threshold));
    }
}
