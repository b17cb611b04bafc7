package dev.jdx.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdx.analysis.BaseImageGuess.Confidence;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BaseImageDetectorTest {

    private static final OsInfo DEBIAN = new OsInfo("debian", "12", "Debian GNU/Linux 12 (bookworm)", null, "bookworm",
            "/usr/lib/os-release", false, false);

    /** Steps from instructions; "+" marks a step that produced a layer. */
    private static List<BuildStep> steps(String... spec) {
        List<BuildStep> out = new ArrayList<>();
        int layer = 0;
        for (int i = 0; i < spec.length; i++) {
            boolean hasLayer = spec[i].startsWith("+");
            String ins = hasLayer ? spec[i].substring(1) : spec[i];
            out.add(new BuildStep(i, ins, ins, null, null, !hasLayer, hasLayer ? layer : null, hasLayer ? 10L : null));
            if (hasLayer) layer++;
        }
        return out;
    }

    private static BaseImageGuess detect(List<BuildStep> steps, int layers, Map<String, String> annotations,
                                         Map<String, String> labels, Optional<BaseImageHint> hint) {
        return BaseImageDetector.detect(annotations, labels, steps, layers, DEBIAN, hint);
    }

    @Test
    void historyBoundaryAtTheBaseStagesCmd() {
        var g = detect(steps("+ADD file:0123456789ab /", "CMD [\"bash\"]", "+RUN apt-get update", "CMD [\"app\"]"), 2,
                Map.of(), Map.of(), Optional.empty());
        assertThat(g).extracting(BaseImageGuess::layers, BaseImageGuess::method, BaseImageGuess::confidence)
                .containsExactly(1, "history", Confidence.MEDIUM);
        assertThat(g.description()).isEqualTo("debian 12 base (1 layer) ending at step 1: CMD [\"bash\"]");
    }

    @Test
    void nearestBaseWinsInAChainOfBases() {
        // debian → python → the user's image: the python stage's CMD closes the nearest base
        var g = detect(steps("+ADD file:0123456789ab /", "CMD [\"bash\"]", "ENV LANG=C.UTF-8", "+RUN install python",
                "+RUN pip install", "CMD [\"python3\"]", "WORKDIR /app", "+COPY . /app", "CMD [\"python3\", \"app.py\"]"), 4,
                Map.of(), Map.of(), Optional.empty());
        assertThat(g.layers()).isEqualTo(3);
        assertThat(g.description()).endsWith("ending at step 5: CMD [\"python3\"]");
    }

    @Test
    void aFinalCmdIsNoBoundary() {
        var g = detect(steps("+ADD file:0123456789ab /", "+RUN make", "CMD [\"app\"]"), 2, Map.of(), Map.of(), Optional.empty());
        assertThat(g).extracting(BaseImageGuess::layers, BaseImageGuess::method, BaseImageGuess::confidence)
                .containsExactly(1, "first-layer", Confidence.LOW);
    }

    @Test
    void cmdFollowedOnlyByEmptyStepsIsNoBoundary() {
        var g = detect(steps("+COPY app /app", "CMD [\"x\"]", "LABEL a=b"), 1, Map.of(), Map.of(), Optional.empty());
        assertThat(g).extracting(BaseImageGuess::layers, BaseImageGuess::method).containsExactly(0, "none");
    }

    @Test
    void annotationsWin() {
        var g = detect(steps("+ADD file:0123456789ab /", "CMD [\"bash\"]", "+RUN x"), 2,
                Map.of(BaseImageDetector.BASE_NAME, "docker.io/library/debian:12",
                        BaseImageDetector.BASE_DIGEST, "sha256:" + "a".repeat(64)), Map.of(), Optional.empty());
        assertThat(g).extracting(BaseImageGuess::name, BaseImageGuess::layers, BaseImageGuess::method, BaseImageGuess::confidence)
                .containsExactly("docker.io/library/debian:12", 1, "annotation", Confidence.HIGH);
        assertThat(g.digest()).isEqualTo("sha256:" + "a".repeat(64));
    }

    @Test
    void labelsWhenNoAnnotations() {
        var g = detect(steps("+RUN x"), 1, Map.of(), Map.of(BaseImageDetector.BASE_NAME, "alpine:3.19"), Optional.empty());
        assertThat(g).extracting(BaseImageGuess::name, BaseImageGuess::method, BaseImageGuess::confidence)
                .containsExactly("alpine:3.19", "label", Confidence.HIGH);
    }

    @Test
    void indexHintWinsOverEverything() {
        var g = detect(steps("+ADD file:0123456789ab /", "CMD [\"bash\"]", "+RUN x", "+RUN y"), 3,
                Map.of(BaseImageDetector.BASE_NAME, "debian:12"), Map.of(),
                Optional.of(new BaseImageHint("python:3.12-slim", "sha256:" + "b".repeat(64), 2)));
        assertThat(g).extracting(BaseImageGuess::name, BaseImageGuess::layers, BaseImageGuess::method)
                .containsExactly("python:3.12-slim", 2, "index");
    }

    @Test
    void nothingToGoOn() {
        var g = BaseImageDetector.detect(Map.of(), Map.of(), List.of(), 1, OsInfo.UNKNOWN, Optional.empty());
        assertThat(g).extracting(BaseImageGuess::layers, BaseImageGuess::method, BaseImageGuess::confidence)
                .containsExactly(0, "none", Confidence.LOW);
    }
}
