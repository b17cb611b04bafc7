package dev.jdx.analysis;

import static dev.jdx.analysis.Entries.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.jdx.fixtures.Requirements;
import dev.jdx.fs.ContentCapture;
import org.junit.jupiter.api.Test;

class DiveEfficiencyTest {

    /** dive's own analysis fixture; the figures are the ones dive's test asserts, recomputed here from the tars. */
    @Test
    void diveTestImage() throws Exception {
        var loaded = TestArchives.load(Requirements.realworld("dive/test-docker-image.tar"), ContentCapture.NONE);
        DiveFigures d = DiveEfficiency.compute(loaded.layers());
        assertThat(d.efficiency()).isCloseTo(0.98442, within(0.00001));
        assertThat(d.wastedBytes()).isEqualTo(32025);
        assertThat(d.userWastedPercent()).isCloseTo(0.48349, within(0.00001));
        assertThat(d.sizeBytes()).isEqualTo(1220598);
        assertThat(d.userSizeBytes()).isEqualTo(66237);
        assertThat(d.inefficientFiles()).containsExactly(
                new DiveFigures.InefficientFile("/root/saved.txt", 2, 12810),
                new DiveFigures.InefficientFile("/root/example/somefile1.txt", 2, 12810),
                new DiveFigures.InefficientFile("/root/example/somefile3.txt", 2, 6405));
        assertThat(d.efficiencyBelow(0.9)).isFalse();
        assertThat(d.userWastedExceeds(0.1)).isTrue();
    }

    /**
     * Names sort as Go sorts strings, by UTF-8 bytes: random names over ASCII, the top of the BMP (above the
     * surrogates in value, below them in UTF-8) and characters beyond the BMP (surrogate pairs in Java).
     */
    @Test
    void namesSortInUtf8ByteOrder() {
        java.util.Random r = new java.util.Random(7);
        int[][] ranges = {{'-', '0'}, {'a', 'c'}, {0xe9, 0xea}, {0xfff0, 0xfffd}, {0x1f600, 0x1f602}, {0x10000, 0x10001}};
        java.util.Comparator<String> bytes = (a, b) -> java.util.Arrays.compareUnsigned(
                a.getBytes(java.nio.charset.StandardCharsets.UTF_8), b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (int i = 0; i < 20_000; i++) {
            String a = randomName(r, ranges), b = r.nextInt(4) == 0 ? a : r.nextBoolean() ? a + randomName(r, ranges)
                    : a.substring(0, r.nextInt(a.length() + 1)) + randomName(r, ranges);
            assertThat(Integer.signum(DiveEfficiency.GO_ORDER.compare(a, b))).as("%s vs %s", a, b)
                    .isEqualTo(Integer.signum(bytes.compare(a, b)));
        }
        assertThat(DiveEfficiency.GO_ORDER.compare("\uffff", "\ud83d\ude00")).isNegative(); // U+FFFF < U+1F600, though 0xFFFF > 0xD83D
    }

    private static String randomName(java.util.Random r, int[][] ranges) {
        StringBuilder sb = new StringBuilder();
        for (int n = 1 + r.nextInt(4); n > 0; n--) {
            int[] range = ranges[r.nextInt(ranges.length)];
            sb.appendCodePoint(range[0] + r.nextInt(range[1] - range[0] + 1));
        }
        return sb.toString();
    }

    /** The kaniko build of the same Dockerfile must give the same figures (gzip layers, flat archive). */
    @Test
    void kanikoBuildOfTheSameDockerfileAgrees() throws Exception {
        var loaded = TestArchives.load(Requirements.realworld("dive/test-kaniko-image.tar"), ContentCapture.NONE);
        DiveFigures d = DiveEfficiency.compute(loaded.layers());
        assertThat(d.inefficientFiles()).extracting(DiveFigures.InefficientFile::path)
                .contains("/root/saved.txt", "/root/example/somefile1.txt", "/root/example/somefile3.txt");
    }

    @Test
    void overwriteCountsBothCopies() {
        var d = DiveEfficiency.compute(layers(of(file("/a", 100)), of(file("/a", 50))));
        assertThat(d.efficiency()).isEqualTo(50.0 / 150.0);
        assertThat(d.wastedBytes()).isEqualTo(150);
        assertThat(d.userWastedPercent()).isEqualTo(3.0);
        assertThat(d.inefficientFiles()).containsExactly(new DiveFigures.InefficientFile("/a", 2, 150));
    }

    @Test
    void deletedFileCountsItsSizeWithMinimumZero() {
        var d = DiveEfficiency.compute(layers(of(file("/f", 100), file("/g", 100)), of(whiteout("/f"))));
        assertThat(d.efficiency()).isEqualTo(100.0 / 200.0);
        assertThat(d.wastedBytes()).isEqualTo(100);
        // no bytes above layer 0: Go divides 100 by 0 (+Inf) and the rule fails
        assertThat(d.userWastedPercent()).isNull();
        assertThat(d.userWastedExceeds(0.1)).isTrue();
    }

    @Test
    void deletedDirectoryCountsItsSubtreeOnceOnTheWhiteout() {
        var d = DiveEfficiency.compute(layers(
                of(dir("/d"), file("/d/x", 10), file("/d/y", 20)),
                of(whiteout("/d"))));
        // leaves /d/x and /d/y in layer 0, the whiteout /d (30 bytes) in layer 1: every path seen once
        assertThat(d.efficiency()).isEqualTo(1.0);
        assertThat(d.wastedBytes()).isZero();
        assertThat(d.inefficientFiles()).isEmpty();
        assertThat(d.userWastedExceeds(0.1)).isFalse(); // 0/0 is NaN in Go: passes
    }

    @Test
    void whiteoutOfAPathAbsentBelowStopsTheLayersVisitAsDiveDoes() {
        var withMissing = DiveEfficiency.compute(layers(
                of(file("/a", 10)),
                of(whiteout("/b"), file("/a", 7), file("/c", 5))));
        // ".wh.b" sorts before "a": dive errors on it and never counts /a or /c of layer 1
        assertThat(withMissing.wastedBytes()).isZero();
        // and the aborted path keeps dive's "no minimum yet" value -1 in the numerator: (10 - 1) / 10
        assertThat(withMissing.efficiency()).isEqualTo(0.9);
        var without = DiveEfficiency.compute(layers(of(file("/a", 10)), of(file("/a", 7), file("/c", 5))));
        assertThat(without.wastedBytes()).isEqualTo(17);
    }

    @Test
    void opaqueMarkersAreDropped() {
        var d = DiveEfficiency.compute(layers(
                of(dir("/o"), file("/o/x", 10)),
                of(dir("/o"), opaque("/o"), file("/o/y", 5))));
        assertThat(d.wastedBytes()).isZero();
        assertThat(d.efficiency()).isEqualTo(1.0);
    }

    @Test
    void emptyDirectoriesAreLeavesToo() {
        var d = DiveEfficiency.compute(layers(of(dir("/tmp")), of(dir("/tmp"), file("/x", 4))));
        assertThat(d.inefficientFiles()).containsExactly(new DiveFigures.InefficientFile("/tmp", 2, 0));
        assertThat(d.efficiency()).isEqualTo(1.0);
    }

    @Test
    void noLayersGiveEfficiencyOne() {
        var d = DiveEfficiency.compute(layers());
        assertThat(d.efficiency()).isEqualTo(1.0);
        assertThat(d.userWastedPercent()).isNull();
        assertThat(d.userWastedExceeds(0.1)).isFalse();
    }
}
