package dev.jdx.check;

import java.util.List;

/**
 * What an image must satisfy to pass the gate, from {@code .jdx.yaml}, a {@code .dive-ci} file or the defaults.
 * A null threshold is not checked.
 *
 * @param source                  where it came from ({@code .jdx.yaml}, {@code .dive-ci}, {@code defaults})
 * @param minEfficiency           lowest jdx efficiency score (1 - reclaimable / total); fails when the score is lower
 * @param maxReclaimableBytes     most reclaimable bytes; fails when more
 * @param maxUserReclaimableRatio most reclaimable bytes above the base per byte above the base; fails when more
 * @param maxImageSize            most bytes in all layers (uncompressed tar-entry sizes); fails when more
 * @param maxLayers               most filesystem layers; fails when more
 * @param diveCi                  dive's three rules, with dive's semantics, or null
 * @param failOn                  findings at least this severe fail the gate; null: findings never fail it
 * @param checks                  which checks are off, which report at another severity
 * @param exclude                 path globs the content and waste checks skip
 * @param trustedRegistries       registries base images may come from
 * @param allowSetuid             extra setuid/setgid names or paths allowed
 * @param allowSecrets            extra path globs where secret-looking files are expected
 * @param largeWasteBytes         reclaimable bytes from which JDX-I008 reports, or null for the default
 */
public record Policy(String source, Double minEfficiency, Long maxReclaimableBytes, Double maxUserReclaimableRatio,
                     Long maxImageSize, Integer maxLayers, DiveCiRules diveCi, Severity failOn, LintConfig checks,
                     List<String> exclude, List<String> trustedRegistries, List<String> allowSetuid,
                     List<String> allowSecrets, Long largeWasteBytes) {

    public Policy {
        checks = checks == null ? LintConfig.defaults() : checks;
        exclude = List.copyOf(exclude);
        trustedRegistries = List.copyOf(trustedRegistries);
        allowSetuid = List.copyOf(allowSetuid);
        allowSecrets = List.copyOf(allowSecrets);
    }

    /** No thresholds and no failing severity: every image passes (findings are still reported). */
    public static Policy none() {
        return new Policy("defaults", null, null, null, null, null, null, null, LintConfig.defaults(), List.of(),
                List.of(), List.of(), List.of(), null);
    }

    /** dive's CI rules alone, as dive applies them with {@code --ci} and no {@code .dive-ci}. */
    public static Policy diveDefaults() {
        return withDive("dive defaults", DiveCiRules.DEFAULTS);
    }

    /** A policy of dive's rules read from {@code source}. */
    public static Policy withDive(String source, DiveCiRules rules) {
        return new Policy(source, null, null, null, null, null, rules, null, LintConfig.defaults(), List.of(),
                List.of(), List.of(), List.of(), null);
    }

    /** This policy failing on findings at least {@code s} severe (the command line's {@code --fail-on}). */
    public Policy withFailOn(Severity s) {
        return new Policy(source, minEfficiency, maxReclaimableBytes, maxUserReclaimableRatio, maxImageSize, maxLayers,
                diveCi, s, checks, exclude, trustedRegistries, allowSetuid, allowSecrets, largeWasteBytes);
    }

    /** Whether anything can fail the gate. */
    public boolean gates() {
        return minEfficiency != null || maxReclaimableBytes != null || maxUserReclaimableRatio != null
                || maxImageSize != null || maxLayers != null || diveCi != null || failOn != null;
    }

    /**
     * dive's CI rules; a null rule is disabled.
     *
     * @param lowestEfficiency         fails when {@code lowestEfficiency > efficiency}
     * @param highestWastedBytes       fails when {@code wastedBytes > highestWastedBytes}
     * @param highestUserWastedPercent fails when {@code wastedBytes / userSize > highestUserWastedPercent} (a fraction)
     */
    public record DiveCiRules(Double lowestEfficiency, Long highestWastedBytes, Double highestUserWastedPercent) {
        /** dive's defaults: lowestEfficiency 0.9, highestWastedBytes disabled, highestUserWastedPercent 0.1. */
        public static final DiveCiRules DEFAULTS = new DiveCiRules(0.9, null, 0.1);
    }
}
