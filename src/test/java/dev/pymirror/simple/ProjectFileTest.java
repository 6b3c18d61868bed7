package dev.pymirror.simple;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ProjectFileTest {

    private static final String URL = "https://files.example.org/a-1.0.tar.gz";

    @Test
    void aBareFileKnowsNothingElse() {
        ProjectFile file = ProjectFile.builder("a-1.0.tar.gz", URL).build();
        assertThat(file.hashes()).isEmpty();
        assertThat(file.requiresPython()).isEmpty();
        assertThat(file.yank()).isEmpty();
        assertThat(file.isYanked()).isFalse();
        assertThat(file.coreMetadata()).isEmpty();
        assertThat(file.hasCoreMetadata()).isFalse();
        assertThat(file.coreMetadataUrl()).isEmpty();
        assertThat(file.size()).isEmpty();
        assertThat(file.uploadTime()).isEmpty();
        assertThat(file.gpgSig()).isEmpty();
        assertThat(file.gpgSignatureUrl()).isEmpty();
        assertThat(file.provenance()).isEmpty();
    }

    @Test
    void nullOptionalsMeanEmpty() {
        ProjectFile file = new ProjectFile("a-1.0.tar.gz", URL, null, null, null, null, null, null, null, null);
        assertThat(file).isEqualTo(ProjectFile.builder("a-1.0.tar.gz", URL).build());
    }

    @Test
    void canonicalizesHashesAndBlankStrings() {
        ProjectFile file = ProjectFile.builder("a-1.0.tar.gz", URL)
                .hash("SHA256", "ABCDEF0123")
                .hash("md5", "ff")
                .requiresPython("  ")
                .provenance("")
                .build();
        assertThat(file.hashes()).containsExactly(Map.entry("md5", "ff"), Map.entry("sha256", "abcdef0123"));
        assertThat(file.hash("sha256")).contains("abcdef0123");
        assertThat(file.hash("sha512")).isEmpty();
        assertThat(file.requiresPython()).isEmpty();
        assertThat(file.provenance()).isEmpty();
    }

    @Test
    void keepsUploadTimesToTheMicrosecond() {
        ProjectFile file = ProjectFile.builder("a-1.0.tar.gz", URL)
                .uploadTime(Instant.parse("2024-01-31T12:00:00.123456789Z")).build();
        assertThat(file.uploadTime()).contains(Instant.parse("2024-01-31T12:00:00.123456Z"));
    }

    @Test
    void answersCompanionUrls() {
        ProjectFile file = ProjectFile.builder("a-1.0.tar.gz", URL).coreMetadata(CoreMetadata.AVAILABLE).gpgSig(true).build();
        assertThat(file.coreMetadataUrl()).contains(URL + ".metadata");
        assertThat(file.gpgSignatureUrl()).contains(URL + ".asc");
        ProjectFile without = file.toBuilder().coreMetadata(CoreMetadata.NOT_AVAILABLE).gpgSig(false).build();
        assertThat(without.hasCoreMetadata()).isFalse();
        assertThat(without.coreMetadataUrl()).isEmpty();
        assertThat(without.gpgSignatureUrl()).isEmpty();
    }

    @Test
    void builderRoundTripsEveryField() {
        ProjectFile file = ProjectFile.builder("a-1.0.tar.gz", URL)
                .hash("sha256", "ab").requiresPython(">=3").yanked("why").coreMetadata(CoreMetadata.AVAILABLE)
                .size(5).uploadTime(Instant.EPOCH).gpgSig(false).provenance("https://p.example.org/x").build();
        assertThat(file.toBuilder().build()).isEqualTo(file);
        assertThat(file.toBuilder().yank(null).noSize().build())
                .isEqualTo(new ProjectFile("a-1.0.tar.gz", URL, Map.of("sha256", "ab"), Optional.of(">=3"),
                        Optional.empty(), Optional.of(CoreMetadata.AVAILABLE), OptionalLong.empty(),
                        Optional.of(Instant.EPOCH), Optional.of(false), Optional.of("https://p.example.org/x")));
        assertThat(file.toBuilder().filename("b-1.0.tar.gz").url("u").build().filename()).isEqualTo("b-1.0.tar.gz");
        assertThat(file.toBuilder().hashes(null).build().hashes()).isEmpty();
        assertThat(file.toBuilder().yanked().build().yank()).contains(Yank.WITHOUT_REASON);
        assertThat(file.withUrl("https://mirror.example.org/a-1.0.tar.gz"))
                .isEqualTo(file.toBuilder().url("https://mirror.example.org/a-1.0.tar.gz").build());
    }

    @Test
    void refusesWhatNoPageCouldMean() {
        assertThatThrownBy(() -> ProjectFile.builder(null, URL).build()).hasMessage("A file needs a file name");
        assertThatThrownBy(() -> ProjectFile.builder(" ", URL).build()).hasMessage("A file needs a file name");
        assertThatThrownBy(() -> ProjectFile.builder("a", null).build()).hasMessage("The file a needs a URL");
        assertThatThrownBy(() -> ProjectFile.builder("a", "").build()).hasMessage("The file a needs a URL");
        assertThatThrownBy(() -> ProjectFile.builder("a", URL + "#sha256=ab").build())
                .hasMessage("The URL of a must not hold a fragment: hashes belong in hashes(), found " + URL + "#sha256=ab");
        assertThatThrownBy(() -> ProjectFile.builder("a", URL).size(-1).build())
                .hasMessage("The size of a must not be negative: -1");
        assertThatThrownBy(() -> ProjectFile.builder("a", URL).hash("sha256", "xyz").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The sha256 digest must be a hex string, found 'xyz'");
        assertThatThrownBy(() -> ProjectFile.builder("a", URL).hash("sha256", null).build())
                .hasMessage("The sha256 digest must be a hex string, found null");
        assertThatThrownBy(() -> ProjectFile.builder("a", URL).hash("", "ab").build())
                .hasMessage("A hash algorithm name must be 1 to 64 characters, found ''");
    }

    @Test
    void hashesCannotBeChangedFromOutside() {
        ProjectFile file = ProjectFile.builder("a", URL).hash("sha256", "ab").hash("md5", "cd").build();
        assertThatThrownBy(() -> file.hashes().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }
}
