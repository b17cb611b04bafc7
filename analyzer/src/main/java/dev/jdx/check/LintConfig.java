package dev.jdx.check;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How checks are configured: which are disabled, which get another severity, which registries are trusted and
 * whether base images must be pinned by digest. A policy file can produce one of these later.
 *
 * @param disabled           check ids that never report
 * @param severityOverrides  check id to the severity to report instead of the default
 * @param trustedRegistries  registry host patterns ({@code *} matches any run of characters); empty means "do not check"
 * @param requireDigest      report base images that are not pinned by {@code @sha256:...}
 */
public record LintConfig(Set<String> disabled, Map<String, Severity> severityOverrides, List<String> trustedRegistries,
                         boolean requireDigest) {
    public LintConfig {
        disabled = Set.copyOf(disabled);
        severityOverrides = Map.copyOf(severityOverrides);
        trustedRegistries = List.copyOf(trustedRegistries);
    }

    /** Everything enabled with default severities, no registry list, digests not required. */
    public static LintConfig defaults() {
        return new LintConfig(Set.of(), Map.of(), List.of(), false);
    }

    /** Applies this configuration to raw findings: drops disabled ones, re-grades overridden ones. */
    public List<Finding> apply(List<Finding> findings) {
        return findings.stream()
                .filter(f -> !disabled.contains(f.checkId()))
                .map(f -> severityOverrides.containsKey(f.checkId()) ? f.withSeverity(severityOverrides.get(f.checkId())) : f)
                .toList();
    }

    /** True when {@code registry} matches one of the trusted patterns (or no list is configured). */
    public boolean isTrusted(String registry) {
        if (trustedRegistries.isEmpty()) return true;
        for (String p : trustedRegistries) {
            if (wildcard(p.toLowerCase(java.util.Locale.ROOT), registry.toLowerCase(java.util.Locale.ROOT))) return true;
        }
        return false;
    }

    private static boolean wildcard(String pattern, String text) {
        StringBuilder re = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            if (!re.isEmpty()) re.append(".*");
            re.append(java.util.regex.Pattern.quote(part));
        }
        return text.matches(re.toString());
    }
}
