package dev.jdx.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each threshold at, just above and just below its limit; dive's rules with dive's strict comparisons; failOn. */
class GateTest {
    /** efficiency 0.8, reclaimable 1000, user ratio 0.25, size 10000, 5 layers; dive: 0.9, 2000 wasted, ratio 0.5. */
    static final Measures M = new Measures(0.9, 2000, 0.5, 0.8, 1000, 0.25, 10_000, 5);

    static Policy policy(Double minEff, Long maxReclaim, Double maxRatio, Long maxSize, Integer maxLayers) {
        return new Policy(".jdx.yaml", minEff, maxReclaim, maxRatio, maxSize, maxLayers, null, null, LintConfig.defaults(),
                List.of(), List.of(), List.of(), List.of(), null);
    }

    static Stream<Arguments> thresholds() {
        return Stream.of(
                // name, policy, passes
                Arguments.of("minEfficiency at", policy(0.8, null, null, null, null), true),
                Arguments.of("minEfficiency just above the value", policy(0.8000001, null, null, null, null), false),
                Arguments.of("minEfficiency just below the value", policy(0.7999999, null, null, null, null), true),
                Arguments.of("maxReclaimableBytes at", policy(null, 1000L, null, null, null), true),
                Arguments.of("maxReclaimableBytes just below the value", policy(null, 999L, null, null, null), false),
                Arguments.of("maxReclaimableBytes just above the value", policy(null, 1001L, null, null, null), true),
                Arguments.of("maxUserReclaimableRatio at", policy(null, null, 0.25, null, null), true),
                Arguments.of("maxUserReclaimableRatio just below", policy(null, null, 0.2499999, null, null), false),
                Arguments.of("maxUserReclaimableRatio just above", policy(null, null, 0.2500001, null, null), true),
                Arguments.of("maxImageSize at", policy(null, null, null, 10_000L, null), true),
                Arguments.of("maxImageSize just below", policy(null, null, null, 9_999L, null), false),
                Arguments.of("maxImageSize just above", policy(null, null, null, 10_001L, null), true),
                Arguments.of("maxLayers at", policy(null, null, null, null, 5), true),
                Arguments.of("maxLayers just below", policy(null, null, null, null, 4), false),
                Arguments.of("maxLayers just above", policy(null, null, null, null, 6), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("thresholds")
    void thresholdAtAboveAndBelowItsLimit(String name, Policy p, boolean passes) {
        GateResult r = Gate.evaluate(p, M, List.of(), List.of());
        assertThat(r.passed()).isEqualTo(passes);
        assertThat(r.thresholds()).hasSize(1);
        GateResult.Threshold t = r.thresholds().get(0);
        assertThat(t.status()).isEqualTo(passes ? GateResult.Status.PASS : GateResult.Status.FAIL);
        assertThat(t.origin()).isEqualTo("jdx");
        assertThat(name).startsWith(t.name());
        assertThat(t.valueText()).isNotBlank();
        assertThat(t.limitText()).isNotBlank();
    }

    static Stream<Arguments> diveRules() {
        return Stream.of(
                // dive: lowestEfficiency fails when threshold > efficiency (strict)
                Arguments.of(new Policy.DiveCiRules(0.9, null, null), true),
                Arguments.of(new Policy.DiveCiRules(0.9000001, null, null), false),
                Arguments.of(new Policy.DiveCiRules(0.8999999, null, null), true),
                // highestWastedBytes fails when wasted > threshold
                Arguments.of(new Policy.DiveCiRules(null, 2000L, null), true),
                Arguments.of(new Policy.DiveCiRules(null, 1999L, null), false),
                Arguments.of(new Policy.DiveCiRules(null, 2001L, null), true),
                // highestUserWastedPercent fails when ratio > threshold
                Arguments.of(new Policy.DiveCiRules(null, null, 0.5), true),
                Arguments.of(new Policy.DiveCiRules(null, null, 0.4999999), false),
                Arguments.of(new Policy.DiveCiRules(null, null, 0.5000001), true),
                // all disabled: passes, three skips
                Arguments.of(new Policy.DiveCiRules(null, null, null), true));
    }

    @ParameterizedTest
    @MethodSource("diveRules")
    void diveRulesCompareStrictlyAsDiveDoes(Policy.DiveCiRules rules, boolean passes) {
        GateResult r = Gate.evaluate(Policy.withDive(".dive-ci", rules), M, List.of(), List.of());
        assertThat(r.passed()).isEqualTo(passes);
        assertThat(r.thresholds()).extracting(GateResult.Threshold::name)
                .containsExactly("lowestEfficiency", "highestWastedBytes", "highestUserWastedPercent");
        assertThat(r.thresholds()).allMatch(t -> t.origin().equals("dive"));
    }

    @Test
    void diveDefaultsAreDives() {
        assertThat(Policy.diveDefaults().diveCi()).isEqualTo(new Policy.DiveCiRules(0.9, null, 0.1));
        GateResult r = Gate.evaluate(Policy.diveDefaults(), M, List.of(), List.of());
        assertThat(r.thresholds()).extracting(GateResult.Threshold::status)
                .containsExactly(GateResult.Status.PASS, GateResult.Status.SKIP, GateResult.Status.FAIL);
        assertThat(r.thresholds().get(2).message()).contains("0.5 > threshold=0.1");
    }

    @Test
    void userWastedZeroOverZeroPassesAndNOverZeroFailsAsInGo() {
        Measures nan = new Measures(1.0, 0, Double.NaN, 1.0, 0, 0, 10, 1);
        Measures inf = new Measures(0.5, 10, Double.POSITIVE_INFINITY, 0.5, 10, 0, 10, 1);
        Policy p = Policy.withDive(".dive-ci", new Policy.DiveCiRules(null, null, 0.1));
        assertThat(Gate.evaluate(p, nan, List.of(), List.of()).passed()).isTrue();
        assertThat(Gate.evaluate(p, inf, List.of(), List.of()).passed()).isFalse();
    }

    @Test
    void failOnCountsFindingsAfterDisableAndSeverityOverrides() {
        Check a = new Check("JDX-I001", Severity.MEDIUM, "a", "w", "f");
        Check b = new Check("JDX-I014", Severity.INFO, "b", "w", "f");
        List<Finding> raw = List.of(a.inImage(null, "root"), b.inImage(null, "no healthcheck"));
        Policy none = Policy.none();
        assertThat(Gate.evaluate(none, M, List.of(a, b), raw).passed()).isTrue();
        assertThat(Gate.evaluate(none.withFailOn(Severity.MEDIUM), M, List.of(a, b), raw).passed()).isFalse();
        assertThat(Gate.evaluate(none.withFailOn(Severity.HIGH), M, List.of(a, b), raw).passed()).isTrue();
        Policy regraded = new Policy("p", null, null, null, null, null, null, Severity.HIGH,
                new LintConfig(Set.of(), Map.of("JDX-I014", Severity.HIGH), List.of(), false), List.of(), List.of(), List.of(), List.of(), null);
        GateResult r = Gate.evaluate(regraded, M, List.of(a, b), raw);
        assertThat(r.passed()).isFalse();
        assertThat(r.failingFindings()).extracting(Finding::checkId).containsExactly("JDX-I014");
        assertThat(r.checks()).filteredOn(c -> c.id().equals("JDX-I014")).extracting(Check::severity).containsExactly(Severity.HIGH);
        Policy disabled = new Policy("p", null, null, null, null, null, null, Severity.INFO,
                new LintConfig(Set.of("JDX-I001", "JDX-I014"), Map.of(), List.of(), false), List.of(), List.of(), List.of(), List.of(), null);
        GateResult d = Gate.evaluate(disabled, M, List.of(a, b), raw);
        assertThat(d.passed()).isTrue();
        assertThat(d.findings()).isEmpty();
        assertThat(d.checks()).isEmpty();
    }
}
