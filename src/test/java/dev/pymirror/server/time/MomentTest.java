package dev.pymirror.server.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MomentTest {

    @ParameterizedTest
    @CsvSource({
            "2026-11-01, 2026-11-01T00:00:00Z",
            "2026-11-01T12:30:00Z, 2026-11-01T12:30:00Z",
            "2026-11-01t12:30:00z, 2026-11-01T12:30:00Z",
            "2026-11-01T14:30:00+02:00, 2026-11-01T12:30:00Z",
            "2026-11-01T12:30:00.123456Z, 2026-11-01T12:30:00.123456Z",
            "2024-02-29, 2024-02-29T00:00:00Z",
    })
    void readsADateAsTheStartOfItsDayInUtcAndADateTimeWithItsOffset(String text, String expected) {
        assertThat(Moment.parse(text)).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-01T12:30:00", "2026-11-01T12:30Z", "yesterday", "2026-13-01", "2025-02-29",
            "2026-11-01T25:00:00Z", "1730419200", "2026-11-1", " 2026-11-01"})
    void refusesAnythingElseSayingWhatItTakes(String text) {
        assertThatThrownBy(() -> Moment.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a moment").hasMessageContaining("2026-11-01T12:00:00Z");
    }

    @Test
    void refusesNothingAtAll() {
        assertThatThrownBy(() -> Moment.parse("")).hasMessageContaining("it is empty");
    }
}
