package dev.jdx.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link ContentCapture#union}: the larger limit wins, each capture reduces the files it asked for. */
class ContentCaptureUnionTest {
    static final ContentCapture RELEASE = new ContentCapture() {
        public long limit(String p) {
            return p.equals("/etc/os-release") || p.endsWith(".jar") ? 100 : 0;
        }

        public byte[] reduce(String p, byte[] c) {
            return p.endsWith(".jar") ? "reduced".getBytes(StandardCharsets.UTF_8) : c;
        }
    };
    static final ContentCapture KEYS = p -> p.endsWith(".pem") || p.endsWith(".jar") ? 1000 : 0;

    @Test
    void limitsAndReductionsCombine() {
        ContentCapture u = ContentCapture.union(RELEASE, KEYS);
        assertThat(u.limit("/etc/os-release")).isEqualTo(100);
        assertThat(u.limit("/k.pem")).isEqualTo(1000);
        assertThat(u.limit("/bin/sh")).isZero();
        assertThat(u.limit("/a.jar")).isEqualTo(1000);
        byte[] small = new byte[50], large = new byte[500];
        // within the first capture's limit, its reduction applies; beyond it, the second keeps the bytes as they are
        assertThat(new String(u.reduce("/a.jar", small), StandardCharsets.UTF_8)).isEqualTo("reduced");
        assertThat(u.reduce("/a.jar", large)).isSameAs(large);
        assertThat(u.reduce("/k.pem", small)).isSameAs(small);
    }
}
