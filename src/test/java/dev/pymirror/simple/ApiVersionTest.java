package dev.pymirror.simple;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ApiVersionTest {

    @Test
    void parsesMajorDotMinor() {
        assertThat(ApiVersion.parse("1.0")).isEqualTo(ApiVersion.V1_0);
        assertThat(ApiVersion.parse("1.1")).isEqualTo(ApiVersion.V1_1);
        assertThat(ApiVersion.parse("1.4")).isEqualTo(ApiVersion.LATEST);
        assertThat(ApiVersion.parse("2.10")).isEqualTo(new ApiVersion(2, 10));
        assertThat(ApiVersion.parse("01.007")).isEqualTo(new ApiVersion(1, 7));
        assertThat(ApiVersion.parse("999999999.0").major()).isEqualTo(999_999_999);
        assertThat(new ApiVersion(1, 4)).hasToString("1.4");
    }

    static Stream<String> invalid() {
        return Stream.of("", "1", "1.", ".1", "1.0.0", "a.b", "1.x", " 1.0", "1.0 ", "-1.0", "1.-0", "1,0",
                "+1.0", "\u0661.0", "1234567890.0", "1.1234567890");
    }

    @ParameterizedTest
    @MethodSource
    void invalid(String text) {
        assertThatThrownBy(() -> ApiVersion.parse(text))
                .isInstanceOf(InvalidPageException.class)
                .hasMessageContaining("'" + text + "'");
    }

    @Test
    void refusesNullAndNegativeParts() {
        assertThatThrownBy(() -> ApiVersion.parse(null)).isInstanceOf(InvalidPageException.class)
                .hasMessage("An API version is required, found null");
        assertThatThrownBy(() -> new ApiVersion(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ApiVersion(1, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ordersByMajorThenMinor() {
        assertThat(ApiVersion.parse("1.10")).isGreaterThan(ApiVersion.parse("1.9"));
        assertThat(ApiVersion.parse("2.0")).isGreaterThan(ApiVersion.parse("1.99"));
        assertThat(ApiVersion.LATEST.isAtLeast(ApiVersion.V1_1)).isTrue();
        assertThat(ApiVersion.V1_0.isAtLeast(ApiVersion.V1_1)).isFalse();
        assertThat(ApiVersion.V1_1.isAtLeast(ApiVersion.V1_1)).isTrue();
    }

    @Test
    void supportsMajorVersion1Only() {
        assertThat(ApiVersion.parse("1.99").isSupported()).isTrue();
        assertThat(ApiVersion.parse("0.9").isSupported()).isFalse();
        assertThat(ApiVersion.parse("2.0").isSupported()).isFalse();
    }
}
