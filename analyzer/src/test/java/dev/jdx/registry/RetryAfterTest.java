package dev.jdx.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code Retry-After} as delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
class RetryAfterTest {

    private static Optional<Duration> parse(String value) {
        HttpHeaders h = HttpHeaders.of(value == null ? Map.of() : Map.of("Retry-After", List.of(value)), (a, b) -> true);
        return RegistryClient.retryAfter(h);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", value = {"0, 0", "7, 7000", "120, 120000", "-5, 0", "soon, -", "-, -"})
    void seconds(String value, Long millis) {
        assertThat(parse(value).map(Duration::toMillis).orElse(null)).isEqualTo(millis);
    }

    @ParameterizedTest(name = "+{0} s")
    @CsvSource({"30", "-30"})
    void httpDate(long offsetSeconds) {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(offsetSeconds));
        Duration d = parse(date).orElseThrow();
        if (offsetSeconds < 0) assertThat(d).isZero();
        else assertThat(d).isBetween(Duration.ofSeconds(offsetSeconds - 3), Duration.ofSeconds(offsetSeconds));
    }
}
