package dev.pymirror.server.time;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.server.index.FileEvent;
import dev.pymirror.simple.ApiVersion;
import dev.pymirror.simple.ProjectFile;
import dev.pymirror.simple.ProjectPage;
import dev.pymirror.simple.Yank;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TimeFilterTest {

    static final Instant JAN = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant FEB = Instant.parse("2026-02-01T00:00:00Z");
    static final Instant MAR = Instant.parse("2026-03-01T00:00:00Z");

    static ProjectFile file(String name, Instant uploaded) {
        return ProjectFile.builder(name, "../../files/acme/" + name).uploadTime(uploaded).build();
    }

    final ProjectFile old = file("acme-1.0-py3-none-any.whl", JAN);
    final ProjectFile oldSdist = file("acme-1.0.tar.gz", JAN);
    final ProjectFile newer = file("acme-2.0-py3-none-any.whl", MAR);
    final ProjectFile undated = ProjectFile.builder("acme-1.5-py3-none-any.whl", "x").build();
    final ProjectPage page = ProjectPage.builder(ProjectName.of("acme")).apiVersion(ApiVersion.V1_1)
            .files(List.of(old, oldSdist, undated, newer)).versions(List.of("1.0", "1.5", "2.0", "3.0")).build();

    @Test
    void keepsTheFilesUploadedAtOrBeforeTheMomentAndTheVersionsTheyAreOf() {
        FilteredPage cut = TimeFilter.asOf(page, FEB, List.of());
        assertThat(cut.page().files()).containsExactly(old, oldSdist);
        assertThat(cut.page().versions()).containsExactly("1.0");
        assertThat(cut.withheld()).containsOnlyKeys(newer.filename(), undated.filename());
        assertThat(cut.withheld().get(newer.filename())).contains(MAR);
        assertThat(cut.withheld().get(undated.filename())).isEmpty();
        assertThat(cut.nextUpload()).isEqualTo(MAR);
    }

    @Test
    void aFileUploadedAtTheMomentItselfIsKept() {
        assertThat(TimeFilter.asOf(page, MAR, List.of()).page().files()).contains(newer);
    }

    @Test
    void aPageWithNothingToCutIsThePageItself() {
        ProjectPage dated = page.withFiles(List.of(old, newer));
        assertThat(TimeFilter.uploadedBy(dated, MAR).page()).isSameAs(dated);
    }

    @Test
    void aYankMadeAfterTheMomentIsNotShownAndOneMadeBeforeIs() {
        ProjectPage yanked = page.withFiles(List.of(old.toBuilder().yanked("broken").build(), newer));
        List<FileEvent> history = List.of(FileEvent.yank(old.filename(), FEB, "broken"));
        assertThat(TimeFilter.asOf(yanked, JAN.plusSeconds(60), history).page().files().get(0).yank()).isEmpty();
        assertThat(TimeFilter.asOf(yanked, FEB, history).page().files().get(0).yank())
                .contains(Yank.because("broken"));
    }

    @Test
    void aYankUndoneLaterShowsAsItWasInBetween() {
        List<FileEvent> history = List.of(FileEvent.unyank(old.filename(), MAR), FileEvent.yank(old.filename(), FEB, ""));
        ProjectPage now = page.withFiles(List.of(old));
        assertThat(TimeFilter.asOf(now, FEB.plusSeconds(1), history).page().files().get(0).isYanked()).isTrue();
        assertThat(TimeFilter.asOf(now, MAR, history).page().files().get(0).isYanked()).isFalse();
    }

    @Test
    void aFileYankedNowWithNoRecordedYankCountsAsYankedAllAlong() {
        ProjectPage now = page.withFiles(List.of(old.toBuilder().yanked().build()));
        assertThat(TimeFilter.asOf(now, FEB, List.of()).page().files().get(0).isYanked()).isTrue();
    }

    @Test
    void aCooldownKeepsTodaysYanksAndCutsOnlyByAge() {
        ProjectPage yanked = page.withFiles(List.of(old.toBuilder().yanked().build(), newer));
        FilteredPage cut = TimeFilter.uploadedBy(yanked, FEB);
        assertThat(cut.page().files()).extracting(ProjectFile::filename).containsExactly(old.filename());
        assertThat(cut.page().files().get(0).isYanked()).isTrue();
    }

    @Test
    void aPageWithoutVersionsStaysWithout() {
        ProjectPage v10 = ProjectPage.of(ProjectName.of("acme"), List.of(old, newer));
        assertThat(TimeFilter.asOf(v10, FEB, List.of()).page().versions()).isEmpty();
    }

    @Test
    void aMinAgeHoldsUntilTheYoungestHeldBackFileComesOfAge() {
        TimeRule.MinAge rule = new TimeRule.MinAge(java.time.Duration.ofDays(3), java.util.Set.of());
        Instant now = MAR.plusSeconds(3600);
        FilteredPage cut = rule.apply(page, List.of(), now);
        assertThat(cut.page().files()).doesNotContain(newer);
        assertThat(rule.stillHolds(cut, now, MAR.plus(java.time.Duration.ofDays(3)).minusMillis(1))).isTrue();
        assertThat(rule.stillHolds(cut, now, MAR.plus(java.time.Duration.ofDays(3)))).isFalse();
        assertThat(rule.withheld(newer.filename(), Optional.of(MAR))).contains("less than 3d ago")
                .contains("2026-03-04T00:00:00Z");
    }

    @Test
    void theProjectStatusIsAsItWasAtTheMoment() {
        ProjectPage archived = page.toBuilder().status(dev.pymirror.simple.ProjectStatus.of("archived", "moved")).build();
        List<FileEvent> history = List.of(FileEvent.status(FEB, "archived"));
        assertThat(TimeFilter.asOf(archived, JAN.plusSeconds(1), history).page().status()).isEmpty();
        assertThat(TimeFilter.asOf(archived, MAR, history).page().status()).isEqualTo(archived.status());
        assertThat(TimeFilter.asOf(archived, MAR, List.of()).page().status()).isEqualTo(archived.status());
        ProjectPage active = page;
        List<FileEvent> undone = List.of(FileEvent.status(JAN, "deprecated"), FileEvent.status(MAR, "active"));
        assertThat(TimeFilter.asOf(active, FEB, undone).page().status().orElseThrow().status()).isEqualTo("deprecated");
    }

    @Test
    void aFileTheUpstreamStoppedListingAfterTheMomentIsListedAgainWithItsVersionAndTheYankItHadThen() {
        ProjectFile dropped = file("acme-0.9-py3-none-any.whl", JAN).toBuilder().yanked("bad").build();
        ProjectPage now = page.withFiles(List.of(old, newer)).toBuilder().versions(List.of("1.0", "2.0")).build();
        List<FileEvent> history = List.of(FileEvent.yank(dropped.filename(), MAR, "bad"),
                FileEvent.unlisted(dropped, MAR.plusSeconds(60)));

        FilteredPage feb = TimeFilter.asOf(now, FEB, history);
        assertThat(feb.page().files()).extracting(ProjectFile::filename).containsExactly(old.filename(), dropped.filename());
        assertThat(feb.page().files().get(1).isYanked()).as("yanked only in March").isFalse();
        assertThat(feb.page().files().get(1).url()).isEqualTo(dropped.url());
        assertThat(feb.page().versions()).containsExactly("1.0", "0.9");

        FilteredPage mar = TimeFilter.asOf(now, MAR, history);
        assertThat(mar.page().files()).extracting(ProjectFile::filename).contains(dropped.filename());
        assertThat(mar.page().files().stream().filter(f -> f.filename().equals(dropped.filename())).findFirst()
                .orElseThrow().yank()).contains(Yank.because("bad"));
        // Gone from the moment the mirror saw it go.
        assertThat(TimeFilter.asOf(now, MAR.plusSeconds(60), history).page().files()).containsExactly(old, newer);
    }

    @Test
    void aFileUnlistedAtTheMomentAndListedAgainSinceIsLeftOutAndSaysWhen() {
        ProjectPage now = page.withFiles(List.of(old, oldSdist)).toBuilder().versions(List.of("1.0")).build();
        List<FileEvent> history = List.of(FileEvent.listed(oldSdist.filename(), MAR),
                FileEvent.unlisted(oldSdist, FEB));
        FilteredPage between = TimeFilter.asOf(now, FEB.plusSeconds(1), history);
        assertThat(between.page().files()).containsExactly(old);
        assertThat(between.unlisted()).containsExactly(java.util.Map.entry(oldSdist.filename(), FEB));
        assertThat(TimeFilter.asOf(now, FEB.minusSeconds(1), history).page().files()).containsExactly(old, oldSdist);
        assertThat(TimeFilter.asOf(now, MAR, history).page()).isSameAs(now);
    }

    @Test
    void aFileUnlistedTwiceIsListedAgainWithTheEntryItHadAtTheMoment() {
        ProjectFile first = file("acme-0.9.tar.gz", JAN).toBuilder().hash("sha256", "a".repeat(64)).build();
        ProjectFile second = first.toBuilder().yanked("later").build();
        List<FileEvent> history = List.of(FileEvent.unlisted(first, FEB), FileEvent.listed(first.filename(), FEB.plusSeconds(5)),
                FileEvent.unlisted(second, MAR));
        ProjectPage now = page.withFiles(List.of(old)).toBuilder().versions(List.of("1.0")).build();
        assertThat(TimeFilter.asOf(now, JAN.plusSeconds(1), history).page().files()).contains(first);
        assertThat(TimeFilter.asOf(now, FEB.plusSeconds(1), history).page().files()).containsExactly(old);
        assertThat(TimeFilter.asOf(now, FEB.plusSeconds(10), history).page().files()).hasSize(2);
    }
}
