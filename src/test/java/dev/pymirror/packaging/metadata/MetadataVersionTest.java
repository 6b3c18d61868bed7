package dev.pymirror.packaging.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MetadataVersionTest {

    @ParameterizedTest
    @ValueSource(strings = {"1.0", "1.1", "1.2", "2.0", "2.1", "2.2", "2.3", "2.4", "2.5", " 2.1 "})
    void acceptsEveryPublishedVersionAndNewerMinors(String text) {
        assertThat(MetadataVersion.parse(text).toString()).isEqualTo(text.strip());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2", "2.", ".1", "two.one", "2.1.0", "3.0", "0.9", "99999999999.1"})
    void rejectsWhatIsNotAKnownMajorDotMinor(String text) {
        assertThatThrownBy(() -> MetadataVersion.parse(text))
                .isInstanceOf(InvalidMetadataException.class)
                .hasMessageStartingWith("Metadata-Version: ");
    }

    @org.junit.jupiter.api.Test
    void ordersByMajorThenMinor() {
        assertThat(MetadataVersion.parse("2.10")).isGreaterThan(MetadataVersion.parse("2.2"));
        assertThat(MetadataVersion.parse("2.2").isAtLeast(MetadataVersion.V2_2)).isTrue();
        assertThat(MetadataVersion.parse("1.2").isAtLeast(MetadataVersion.V2_2)).isFalse();
        assertThatThrownBy(() -> MetadataVersion.parse(null)).hasMessageContaining("is missing");
    }
}
