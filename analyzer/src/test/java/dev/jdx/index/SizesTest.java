package dev.jdx.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SizesTest {
    @ParameterizedTest
    @CsvSource({
            "0, 0", "512, 512", "10B, 10", "1k, 1000", "1kB, 1000", "1K, 1000", "10MB, 10000000", "10mb, 10000000",
            "10M, 10000000", "1.5GB, 1500000000", "2TB, 2000000000000", "1KiB, 1024", "1ki, 1024",
            "10MiB, 10485760", "1.5GiB, 1610612736", "1TiB, 1099511627776", "0.5k, 500", "'3 MB', 3000000"})
    void parsesSiAndIec(String text, long bytes) {
        assertThat(Sizes.parse(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "MB", "-1MB", "10XB", "1e3", "10 M B", "99999999999TB"})
    void rejects(String text) {
        assertThatThrownBy(() -> Sizes.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(text.isEmpty() ? "bad size" : "");
    }

    @ParameterizedTest
    @CsvSource({"0, 0 B", "999, 999 B", "1000, 1.0 kB", "1500, 1.5 kB", "123456789, 123 MB", "999999, 1.0 MB", "-1, -"})
    void formats(long bytes, String text) {
        assertThat(Sizes.format(bytes)).isEqualTo(text);
    }
}
