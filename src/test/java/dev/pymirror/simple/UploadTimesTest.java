package dev.pymirror.simple;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UploadTimesTest {

    static Stream<Arguments> parses() {
        return Stream.of(
                Arguments.of("2024-01-31T12:34:56Z", "2024-01-31T12:34:56Z"),
                Arguments.of("2024-01-31T12:34:56.1Z", "2024-01-31T12:34:56.100Z"),
                Arguments.of("2024-01-31T12:34:56.123456Z", "2024-01-31T12:34:56.123456Z"),
                Arguments.of("2024-01-31T12:34:56.123456789Z", "2024-01-31T12:34:56.123456789Z"),
                Arguments.of("2024-01-31T12:34:56+00:00", "2024-01-31T12:34:56Z"),
                Arguments.of("2024-01-31T12:34:56.5-05:00", "2024-01-31T17:34:56.500Z"),
                Arguments.of("2024-01-31T12:34:56", "2024-01-31T12:34:56Z"),
                Arguments.of("2024-01-31 12:34:56Z", "2024-01-31T12:34:56Z"),
                Arguments.of("2024-02-29T00:00:00Z", "2024-02-29T00:00:00Z"),
                Arguments.of(" 2024-01-31T12:34:56Z ", "2024-01-31T12:34:56Z"));
    }

    @ParameterizedTest
    @MethodSource
    void parses(String text, String expected) {
        assertThat(UploadTimes.parse(text)).isEqualTo(Instant.parse(expected));
    }

    @Test
    void refusesWhatIsNotADateTime() {
        for (String text : new String[] {"", "yesterday", "2024-01-31", "2024-13-01T00:00:00Z", "2023-02-29T00:00:00Z",
            "2024-01-31T25:00:00Z", "2024-01-31T12:34:56.1234567890Z", "1706704496",
            "2024-01-31T12:34:56ZZ", "x".repeat(1000)}) {
            assertThatThrownBy(() -> UploadTimes.parse(text)).as(text)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("An upload time must be an ISO 8601 date-time");
        }
    }

    @Test
    void writesTheCanonicalForm() {
        assertThat(UploadTimes.format(Instant.parse("2024-01-31T12:34:56Z"))).isEqualTo("2024-01-31T12:34:56Z");
        assertThat(UploadTimes.format(Instant.parse("2024-01-31T12:34:56.1Z"))).isEqualTo("2024-01-31T12:34:56.100000Z");
        assertThat(UploadTimes.format(Instant.parse("2024-01-31T12:34:56.000001Z"))).isEqualTo("2024-01-31T12:34:56.000001Z");
        assertThat(UploadTimes.format(Instant.parse("0001-01-01T00:00:00Z"))).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(UploadTimes.format(Instant.EPOCH)).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(UploadTimes.format(Instant.parse("+12024-01-01T00:00:00Z"))).isEqualTo("+12024-01-01T00:00:00Z");
    }

    @Test
    void roundTripsMicroseconds() {
        for (long micros = 0; micros < 1_000_000; micros += 99_991) {
            Instant time = Instant.ofEpochSecond(1_700_000_000L, micros * 1000);
            assertThat(UploadTimes.parse(UploadTimes.format(time))).isEqualTo(time);
        }
    }
}
