package dev.jdx.check.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.jdx.check.Gate;
import dev.jdx.check.GateResult;
import dev.jdx.check.Policy;
import dev.jdx.check.PolicyLoader;
import dev.jdx.fixtures.Requirements;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dive's own {@code .dive-ci} (from dive's repository: lowestEfficiency 0.95, highestWastedBytes 20MB,
 * highestUserWastedPercent 0.20) on the images dive's tests use. dive's figures for test-docker-image are known from
 * dive's tests (efficiency 0.98442, 32025 wasted bytes, 0.48349 user-wasted ratio); the kaniko build of the same
 * Dockerfile gives the same shape. With those rules dive says: efficiency PASS, wasted bytes PASS, user-wasted
 * FAIL (0.48 > 0.2), so the run fails.
 */
class DiveCiRealWorldTest {
    static final String DIVES_DIVE_CI = """
            plugins:
              - plugin1
            rules:
              lowestEfficiency: 0.95
              highestWastedBytes: 20MB
              highestUserWastedPercent: 0.20
            """;

    @TempDir Path tmp;

    GateResult gate(String image) throws Exception {
        Path ci = tmp.resolve(".dive-ci");
        Files.writeString(ci, DIVES_DIVE_CI);
        Policy p = new PolicyLoader(id -> id).loadDiveCi(ci);
        ImageFacts facts = TestFacts.of(Requirements.realworld(image));
        return Gate.evaluate(p, facts.measures(), List.of(), List.of());
    }

    @Test
    void diveTestImageFailsOnUserWastedAsDiveSays() throws Exception {
        GateResult g = gate("dive/test-docker-image.tar");
        assertThat(g.thresholds()).extracting(GateResult.Threshold::status)
                .containsExactly(GateResult.Status.PASS, GateResult.Status.PASS, GateResult.Status.FAIL);
        assertThat(g.thresholds().get(0).value()).isCloseTo(0.98442, within(0.00001));
        assertThat(g.thresholds().get(1).value()).isEqualTo(32025);
        assertThat(g.thresholds().get(2).value()).isCloseTo(0.48349, within(0.00001));
        assertThat(g.passed()).isFalse();
    }

    @Test
    void kanikoImageGivesDivesVerdict() throws Exception {
        GateResult g = gate("dive/test-kaniko-image.tar");
        // measured: efficiency 0.97937, 46245 wasted bytes, user-wasted 0.48845
        assertThat(g.thresholds().get(0).value()).isGreaterThan(0.95).isLessThan(1.0);
        assertThat(g.thresholds().get(1).value()).isGreaterThan(0).isLessThan(20_000_000);
        assertThat(g.thresholds().get(2).value()).isGreaterThan(0.2);
        assertThat(g.thresholds()).extracting(GateResult.Threshold::status)
                .containsExactly(GateResult.Status.PASS, GateResult.Status.PASS, GateResult.Status.FAIL);
        assertThat(g.thresholds().get(2).message()).startsWith("too many bytes wasted, relative to the user bytes added");
        assertThat(g.passed()).isFalse();
    }
}
