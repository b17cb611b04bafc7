package dev.jdx.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageConfigTest {
    private static final String A = "sha256:" + "a".repeat(64);

    private static ImageConfig parse(String json) throws ImageFormatException {
        return ImageConfig.parse(json.getBytes(StandardCharsets.UTF_8), "img.tar");
    }

    @Test
    void readsDiffIdsInOrder() throws ImageFormatException {
        String b = "sha256:" + "b".repeat(64);
        ImageConfig c = parse("{\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + A + "\",\"" + b + "\"]}}");
        assertThat(c.diffIds()).extracting(Digest::toString).containsExactly(A, b);
    }

    @Test
    void absentDiffIdsAreEmptyForTheManifestCheckToReport() throws ImageFormatException {
        assertThat(parse("{}").diffIds()).isEmpty();
        assertThat(parse("{\"rootfs\":\"x\"}").diffIds()).isEmpty();
        assertThat(parse("{\"rootfs\":{\"diff_ids\":null}}").diffIds()).isEmpty();
    }

    /** Found by CorruptInputSweepTest: an object or null entry was reported as "malformed digest ''", with no field. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"a\":1}         | img.tar: config rootfs.diff_ids is not an array",
            "[null]            | img.tar: config rootfs.diff_ids[0] is not a digest string: null",
            "[\"A\", {}]       | img.tar: config rootfs.diff_ids[1] is not a digest string: {}",
            "[\"A\", 7]        | img.tar: config rootfs.diff_ids[1] is not a digest string: 7",
            "[\"x\"]           | img.tar: config rootfs.diff_ids[0]: malformed digest 'x' (expected algorithm:hex)",
            "[\"sha256:zz\"]   | img.tar: config rootfs.diff_ids[0]: malformed sha256 digest 'zz'",
    })
    void aBadDiffIdIsAnErrorNamingItsEntry(String ids, String message) {
        String json = "{\"rootfs\":{\"diff_ids\":" + ids.replace("\"A\"", "\"" + A + "\"") + "}}";
        assertThatThrownBy(() -> parse(json)).isInstanceOf(ImageFormatException.class).hasMessage(message);
    }
}
