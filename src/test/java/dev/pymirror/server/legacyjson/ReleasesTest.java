package dev.pymirror.server.legacyjson;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.simple.ProjectFile;
import dev.pymirror.simple.ProjectPage;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReleasesTest {

    static ProjectFile file(String filename) {
        return ProjectFile.builder(filename, "../../files/acme/" + filename).build();
    }

    static ProjectFile yanked(String filename, String reason) {
        return ProjectFile.builder(filename, "../../files/acme/" + filename).yanked(reason).build();
    }

    static Releases of(ProjectFile... files) {
        return Releases.of(ProjectPage.of(ProjectName.of("acme"), Arrays.asList(files)));
    }

    static String latest(Releases r) {
        return r.latest().map(Release::version).orElse(null);
    }

    @Test
    void filesAreGroupedByTheVersionTheirNamesGiveInPep440Order() {
        Releases r = of(file("acme-1.10-py3-none-any.whl"), file("acme-1.9.tar.gz"), file("acme-1.10.tar.gz"),
                file("acme-1.9-py3-none-any.whl"), file("acme-2.0rc1.zip"));
        assertThat(r.ascending()).extracting(Release::version).containsExactly("1.9", "1.10", "2.0rc1");
        assertThat(r.ascending().get(1).files()).extracting(ProjectFile::filename)
                .containsExactly("acme-1.10-py3-none-any.whl", "acme-1.10.tar.gz");
    }

    @Test
    void versionsAreKeyedNormalizedAndEqualOnesShareARelease() {
        Releases r = of(file("acme-1.0-py3-none-any.whl"), file("acme-1.0.0.tar.gz"), file("acme-2.0.RC1.tar.gz"));
        assertThat(r.ascending()).extracting(Release::version).containsExactly("1.0", "2.0rc1");
        assertThat(r.ascending().get(0).files()).hasSize(2);
    }

    @Test
    void filesWhoseNamesGiveNoVersionAreLeftOut() {
        Releases r = of(file("acme-1.0-py2.7.egg"), file("acme-1.0.win32.exe"), file("acme-1.0.tar.gz"));
        assertThat(r.ascending()).singleElement().satisfies(rel -> assertThat(rel.files()).hasSize(1));
    }

    @Test
    void versionsListedWithoutFilesAreEmptyReleasesAndNeverTheLatest() {
        ProjectPage page = ProjectPage.builder(ProjectName.of("acme"))
                .files(List.of(file("acme-1.0.tar.gz"))).versions(List.of("0.9", "1.0", "3.0", "not.a-version!"))
                .build();
        Releases r = Releases.of(page);
        assertThat(r.ascending()).extracting(Release::version).containsExactly("not.a-version!", "0.9", "1.0", "3.0");
        assertThat(r.ascending().get(3).files()).isEmpty();
        assertThat(latest(r)).isEqualTo("1.0");
    }

    @Test
    void theLatestIsTheNewestFinalReleaseThatIsNotYanked() {
        assertThat(latest(of(file("acme-1.0.tar.gz"), file("acme-1.1.tar.gz"), file("acme-2.0b1.tar.gz"),
                file("acme-1.2.dev3.tar.gz"), yanked("acme-1.5.tar.gz", "broken")))).isEqualTo("1.1");
    }

    @Test
    void preReleasesCountOnlyWhenNothingElseIsThere() {
        assertThat(latest(of(file("acme-2.0b1.tar.gz"), file("acme-2.0a1.tar.gz")))).isEqualTo("2.0b1");
        // A pre-release that is not yanked comes before a final release that is.
        assertThat(latest(of(yanked("acme-1.0.tar.gz", null), file("acme-2.0b1.tar.gz")))).isEqualTo("2.0b1");
    }

    @Test
    void yankedReleasesComeLastAndAReleaseIsYankedOnlyWhenAllItsFilesAre() {
        assertThat(latest(of(yanked("acme-1.0.tar.gz", ""), yanked("acme-2.0.tar.gz", "bad")))).isEqualTo("2.0");
        Releases partly = of(yanked("acme-2.0.tar.gz", "bad"), file("acme-2.0-py3-none-any.whl"), file("acme-1.0.tar.gz"));
        assertThat(latest(partly)).isEqualTo("2.0");
        assertThat(partly.find("2.0").orElseThrow().isYanked()).isFalse();
        Release all = of(yanked("acme-2.0.tar.gz", ""), yanked("acme-2.0-py3-none-any.whl", "use 2.1")).find("2.0").orElseThrow();
        assertThat(all.isYanked()).isTrue();
        assertThat(all.yankedReason()).hasValue("use 2.1");
    }

    @Test
    void noReleaseWithFilesMeansNoLatest() {
        assertThat(of().latest()).isEmpty();
    }

    @Test
    void aVersionIsFoundAsWrittenOrAsPep440HoldsItEqual() {
        Releases r = of(file("acme-1.0.tar.gz"), file("acme-1.0.post1.tar.gz"));
        assertThat(r.find("1.0").orElseThrow().version()).isEqualTo("1.0");
        assertThat(r.find("1.0.0").orElseThrow().version()).isEqualTo("1.0");
        assertThat(r.find("1.0-1").orElseThrow().version()).isEqualTo("1.0.post1");
        assertThat(r.find("1.1")).isEmpty();
        assertThat(r.find("nonsense")).isEmpty();
    }
}
