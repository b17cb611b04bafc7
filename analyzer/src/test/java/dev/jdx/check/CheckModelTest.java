package dev.jdx.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CheckModelTest {
    private static final Check C = new Check("JDX-T001", Severity.LOW, "t", "w", "f");

    @ParameterizedTest
    @CsvSource({"info,INFO", "LOW,LOW", " Medium ,MEDIUM", "high,HIGH", "critical,CRITICAL"})
    void parsesSeverities(String text, Severity s) {
        assertThat(Severity.parse(text)).isEqualTo(s);
    }

    @Test
    void rejectsUnknownSeverity() {
        assertThatThrownBy(() -> Severity.parse("severe")).hasMessageContaining("unknown severity 'severe'");
        assertThat(Severity.HIGH.atLeast(Severity.MEDIUM)).isTrue();
        assertThat(Severity.LOW.atLeast(Severity.MEDIUM)).isFalse();
    }

    @Test
    void findingsCarryLocationOrImagePath() {
        Finding f = C.at("Dockerfile", 3, "m");
        assertThat(f.location()).isEqualTo("Dockerfile:3");
        assertThat(C.at("Dockerfile", 0, "m").location()).isEqualTo("Dockerfile");
        Finding img = C.inImage("/app/.env", "m");
        assertThat(img.file()).isNull();
        assertThat(img.line()).isNull();
        assertThat(img.location()).isEqualTo("/app/.env");
    }

    @Test
    void configDisablesAndRegrades() {
        LintConfig cfg = new LintConfig(Set.of("JDX-T002"), Map.of("JDX-T001", Severity.CRITICAL), List.of(), false);
        Check other = new Check("JDX-T002", Severity.HIGH, "t", "w", "f");
        List<Finding> out = cfg.apply(List.of(C.at("a", 1, "x"), other.at("a", 2, "y")));
        assertThat(out).singleElement().satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.CRITICAL));
    }
}
