package dev.jdx.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** .jdx.yaml strictness with file:line errors, .dive-ci read as dive reads it, byte units. */
class PolicyLoaderTest {
    @TempDir Path tmp;
    final PolicyLoader loader = new PolicyLoader(id -> id.toUpperCase().matches("JDX-[A-Z][0-9]{3}") ? id.toUpperCase() : null);

    Path write(String name, String text) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void readsEveryKey() throws Exception {
        Policy p = loader.load(write(".jdx.yaml", """
                thresholds:
                  minEfficiency: 0.9
                  maxReclaimableBytes: 20MB
                  maxUserReclaimableRatio: 0.1
                  maxImageSize: 500MiB
                  maxLayers: 40
                failOn: high
                checks:
                  disable: [JDX-I014]
                  severity:
                    jdx-i001: critical
                exclude: ["/usr/share/doc/**"]
                trustedRegistries: [docker.io, "*.gcr.io"]
                allow:
                  setuid: [sudo]
                  secrets: ["/app/fixtures/**"]
                largeWaste: 1MiB
                """));
        assertThat(p.minEfficiency()).isEqualTo(0.9);
        assertThat(p.maxReclaimableBytes()).isEqualTo(20_000_000L);
        assertThat(p.maxUserReclaimableRatio()).isEqualTo(0.1);
        assertThat(p.maxImageSize()).isEqualTo(500L * 1024 * 1024);
        assertThat(p.maxLayers()).isEqualTo(40);
        assertThat(p.failOn()).isEqualTo(Severity.HIGH);
        assertThat(p.checks().disabled()).containsExactly("JDX-I014");
        assertThat(p.checks().severityOverrides()).containsEntry("JDX-I001", Severity.CRITICAL);
        assertThat(p.exclude()).containsExactly("/usr/share/doc/**");
        assertThat(p.trustedRegistries()).containsExactly("docker.io", "*.gcr.io");
        assertThat(p.allowSetuid()).containsExactly("sudo");
        assertThat(p.allowSecrets()).containsExactly("/app/fixtures/**");
        assertThat(p.largeWasteBytes()).isEqualTo(1L << 20);
        assertThat(p.diveCi()).isNull();
        assertThat(p.gates()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "thresholds:\\n  minEfficency: 0.9\\n|2|unknown key 'thresholds.minEfficency'",
            "failOn: high\\nfail_on: low\\n|2|unknown key 'fail_on'",
            "thresholds:\\n  maxImageSize: 20XB\\n|2|thresholds.maxImageSize: '20XB' is not a byte size",
            "thresholds:\\n  minEfficiency: 1.5\\n|2|thresholds.minEfficiency: 1.5 is not between 0 and 1",
            "thresholds:\\n  minEfficiency: high\\n|2|'high' is not a number",
            "\\n\\nthresholds:\\n  maxLayers: -1\\n|4|thresholds.maxLayers: '-1' is not a whole number",
            "failOn: severe\\n|1|failOn: unknown severity 'severe'",
            "checks:\\n  disable: [JDX-I001, nope]\\n|2|unknown check id 'nope'",
            "thresholds: 3\\n|1|thresholds: expected a mapping",
            "thresholds:\\n  maxLayers: [1\\n|2|not valid YAML",
            "exclude: [\"/a/[b\"]\\n|1|exclude: bad glob '/a/[b': '[' is never closed",
            "exclude: [\"/{a,{b}}\"]\\n|1|exclude: bad glob '/{a,{b}}': a '{...}' inside another",
            "allow:\\n  secrets: [\"/x/[z-a]\"]\\n|2|allow.secrets: bad glob '/x/[z-a]': a range in '[...]' that runs backwards",
    })
    void badPoliciesNameFileLineAndKey(String text, int line, String message) throws Exception {
        Path f = write(".jdx.yaml", text.replace("\\n", "\n"));
        assertThatThrownBy(() -> loader.load(f)).isInstanceOf(PolicyException.class)
                .hasMessageStartingWith(f + ":" + line + ": ").hasMessageContaining(message);
    }

    @Test
    void emptyPolicyGatesNothing() throws Exception {
        assertThat(loader.load(write(".jdx.yaml", "# nothing yet\n")).gates()).isFalse();
        assertThat(loader.load(write("p.yaml", "failOn: none\n")).failOn()).isNull();
    }

    @Test
    void diveCiDefaultsMissingRulesAndIgnoresUnknownKeys() throws Exception {
        Policy p = loader.loadDiveCi(write(".dive-ci", """
                plugins:
                  - plugin1
                rules:
                  highestWastedBytes: 20Mb
                  somethingNew: 3
                """));
        assertThat(p.diveCi()).isEqualTo(new Policy.DiveCiRules(0.9, 20_000_000L, 0.1));
        assertThat(loader.loadDiveCi(write("empty", "")).diveCi()).isEqualTo(Policy.DiveCiRules.DEFAULTS);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"disabled", "off", "false", "''", "\"\""})
    void diveCiRulesCanBeDisabled(String value) throws Exception {
        Policy p = loader.loadDiveCi(write(".dive-ci", "rules:\n  lowestEfficiency: " + value + "\n  highestUserWastedPercent: " + value + "\n"));
        assertThat(p.diveCi()).isEqualTo(new Policy.DiveCiRules(null, null, null));
    }

    @Test
    void diveCiBadValueIsAnError() throws Exception {
        Path f = write(".dive-ci", "rules:\n  lowestEfficiency: 0.9\n  highestWastedBytes: lots\n");
        assertThatThrownBy(() -> loader.loadDiveCi(f)).isInstanceOf(PolicyException.class)
                .hasMessageStartingWith(f + ":3: rules.highestWastedBytes");
    }

    @ParameterizedTest
    @CsvSource({"20MB,20000000", "20 MB,20000000", "20mb,20000000", "20M,20000000", "20MiB,20971520", "20mi,20971520",
            "1.5GB,1500000000", "1.5GiB,1610612736", "512,512", "512B,512", "1kB,1000", "1KiB,1024", "2TB,2000000000000"})
    void byteSizesInSiAndIecUnits(String text, long bytes) {
        assertThat(ByteSize.parse(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @CsvSource({"20XB", "MB", "-5MB", "twenty"})
    void badByteSizes(String text) {
        assertThatThrownBy(() -> ByteSize.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(text);
    }
}
