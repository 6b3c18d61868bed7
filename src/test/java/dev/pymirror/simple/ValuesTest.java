package dev.pymirror.simple;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The small value types: {@link Yank}, {@link CoreMetadata}, {@link ProjectStatus}, {@link InvalidPageException}. */
class ValuesTest {

    @Test
    void yanksWithAndWithoutReasons() {
        assertThat(Yank.because(null)).isSameAs(Yank.WITHOUT_REASON);
        assertThat(Yank.because("")).isSameAs(Yank.WITHOUT_REASON);
        assertThat(Yank.WITHOUT_REASON.givenReason()).isEmpty();
        assertThat(Yank.because("broken").givenReason()).contains("broken");
        assertThat(new Yank(null)).isEqualTo(Yank.WITHOUT_REASON);
    }

    @Test
    void coreMetadataStates() {
        assertThat(CoreMetadata.withHashes(Map.of())).isSameAs(CoreMetadata.AVAILABLE);
        assertThat(CoreMetadata.withHashes(null)).isSameAs(CoreMetadata.AVAILABLE);
        CoreMetadata hashed = CoreMetadata.withHashes(Map.of("SHA256", "AB"));
        assertThat(hashed.available()).isTrue();
        assertThat(hashed.hashes()).containsExactly(Map.entry("sha256", "ab"));
        assertThat(CoreMetadata.NOT_AVAILABLE.available()).isFalse();
        assertThatThrownBy(() -> new CoreMetadata(false, Map.of("sha256", "ab")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Core metadata that is not available has no hashes");
        assertThatThrownBy(() -> CoreMetadata.withHashes(Map.of("sha256", "not hex")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void projectStatusMarkers() {
        assertThat(ProjectStatus.ACTIVE.isStandard()).isTrue();
        assertThat(ProjectStatus.of("archived", "done").reason()).contains("done");
        assertThat(ProjectStatus.of("archived", "").reason()).isEmpty();
        assertThat(ProjectStatus.of("archived", null)).isEqualTo(ProjectStatus.of("archived"));
        assertThat(new ProjectStatus("deprecated", null).reason()).isEqualTo(Optional.empty());
        assertThat(ProjectStatus.of("frozen").isStandard()).isFalse(); // kept, for markers defined later
        assertThat(ProjectStatus.STANDARD_MARKERS).containsExactlyInAnyOrder("active", "archived", "quarantined", "deprecated");
        assertThatThrownBy(() -> ProjectStatus.of(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProjectStatus.of(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void invalidPageExceptionsSayWhatAndWhere() {
        InvalidPageException located = new InvalidPageException("Key 'size' must be an integer", "files[2] (a.whl)");
        assertThat(located).hasMessage("Key 'size' must be an integer at files[2] (a.whl)");
        assertThat(located.reason()).isEqualTo("Key 'size' must be an integer");
        assertThat(located.location()).isEqualTo("files[2] (a.whl)");
        assertThat(located).isInstanceOf(IllegalArgumentException.class);
        InvalidPageException whole = new InvalidPageException("The page is empty", "");
        assertThat(whole).hasMessage("The page is empty");
        InvalidPageException nulls = new InvalidPageException(null, null, new RuntimeException("cause"));
        assertThat(nulls).hasMessage("Invalid page").hasCauseInstanceOf(RuntimeException.class);
        assertThat(nulls.location()).isEmpty();
    }
}
