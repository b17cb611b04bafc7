package dev.jdx.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jdx.fixtures.Requirements;
import org.junit.jupiter.api.Test;

class AnalyzerTest {

    @Test
    void diveTestImage() throws Exception {
        var l = TestArchives.load(Requirements.realworld("dive/test-docker-image.tar"), AnalysisCapture.INSTANCE);
        Analysis a = new Analyzer().analyze(l.image(), l.layers(), l.captured());

        assertThat(a.dive().wastedBytes()).isEqualTo(32025);
        assertThat(a.base().layers()).isEqualTo(1);
        assertThat(a.base().method()).isEqualTo("history");
        assertThat(a.os().id()).isEqualTo("busybox");
        assertThat(a.layers()).hasSize(14);
        assertThat(a.buildSteps()).hasSize(15);
        assertThat(a.run().dockerRun()).startsWith("docker run dive-test:latest");

        // the Dockerfile copies somefile.txt (6405 bytes) around: chmod 444 re-stores somefile1, mv and rm -rf
        // discard copies, chmod +x re-stores saved.txt
        Efficiency e = a.efficiency();
        assertThat(e.reclaimableBytes()).isPositive().isLessThan(e.totalLayerBytes());
        assertThat(e.score()).isEqualTo(1.0 - (double) e.reclaimableBytes() / e.totalLayerBytes());
        assertThat(a.topWaste()).extracting(WastedPath::path).contains("/root/saved.txt", "/root/example/somefile1.txt");
        assertThat(a.topWaste()).filteredOn(w -> w.path().equals("/root/saved.txt"))
                .singleElement().extracting(WastedPath::reason).isEqualTo(WastedPath.Reason.METADATA_CHANGED);
        // layer 9 ran rm -rf /root/example: somefile1 and somefile2 were still there (somefile3 had been moved)
        assertThat(a.layers().get(9).removed()).isEqualTo(2);
        assertThat(a.layers().get(9).removedBytes()).isEqualTo(2 * 6405);
        // somefile.txt was copied several times: identical content at several final paths
        assertThat(a.duplicates()).isNotEmpty();
        assertThat(a.duplicates().get(0).sizeBytes()).isEqualTo(6405);

        // serialises cleanly (no cycles, no NaN)
        String json = new ObjectMapper().writeValueAsString(a);
        JsonNode n = new ObjectMapper().readTree(json);
        assertThat(n.path("dive").path("wastedBytes").asLong()).isEqualTo(32025);
        assertThat(n.path("efficiency").path("score").isNumber()).isTrue();
        assertThat(json).doesNotContain("NaN").doesNotContain("Infinity");
    }

    @Test
    void singleLayerAlpine() throws Exception {
        var l = TestArchives.load(Requirements.realworld("trivy/alpine-311.tar.gz"), AnalysisCapture.INSTANCE);
        Analysis a = new Analyzer().analyze(l.image(), l.layers(), l.captured());
        assertThat(a.efficiency().userReclaimableRatio()).isZero();
        assertThat(a.efficiency().userLayerBytes()).isZero();
        assertThat(a.dive().userWastedPercent()).isNull();
        assertThat(a.os().id()).isEqualTo("alpine");
        assertThat(a.packages().packages()).hasSize(14);
        assertThat(a.run().dockerRun()).isEqualTo("docker run alpine:3.11 /bin/sh");
        String json = new ObjectMapper().writeValueAsString(a);
        assertThat(json).doesNotContain("NaN");
    }
}
