package dev.jdx.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The checks at the end of a blob: its digest when the descriptor names one, its size always. */
class VerifyingInputStreamTest {
    private static final byte[] BLOB = "a layer's bytes".getBytes(StandardCharsets.US_ASCII);

    private static byte[] readAll(Digest expected, long size, Verification v) throws IOException {
        try (InputStream in = new VerifyingInputStream(new ByteArrayInputStream(BLOB), "layer 0", expected, size, v)) {
            return in.readAllBytes();
        }
    }

    @Test
    void aMatchingDigestAndSizePass() throws IOException {
        assertThat(readAll(Digest.sha256(BLOB), BLOB.length, Verification.strict())).isEqualTo(BLOB);
    }

    @Test
    void aWrongDigestIsAMismatch() {
        assertThatThrownBy(() -> readAll(Digest.sha256("something else"), BLOB.length, Verification.strict()))
                .isInstanceOf(DigestMismatchException.class).hasMessageContaining("layer 0");
    }

    @Test
    void withoutADigestTheSizeIsStillChecked() throws IOException {
        assertThat(readAll(null, BLOB.length, Verification.strict())).isEqualTo(BLOB);
        assertThat(readAll(null, -1, Verification.strict())).isEqualTo(BLOB);
        assertThatThrownBy(() -> readAll(null, BLOB.length + 1, Verification.strict()))
                .isInstanceOf(ImageFormatException.class).hasMessageContaining("size mismatch");
        Verification lenient = Verification.warnOnly();
        assertThat(readAll(null, BLOB.length + 1, lenient)).isEqualTo(BLOB);
        assertThat(lenient.warnings()).singleElement().asString().contains("size mismatch");
    }
}
