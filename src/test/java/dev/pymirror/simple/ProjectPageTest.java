package dev.pymirror.simple;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pymirror.packaging.ProjectName;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProjectPageTest {

    private static final ProjectFile FILE = ProjectFile.builder("a-1.0.tar.gz", "https://files.example.org/a-1.0.tar.gz").build();

    @Test
    void aNewPageIsVersion1_0WithNothingButFiles() {
        ProjectPage page = ProjectPage.of(ProjectName.of("a"), List.of(FILE));
        assertThat(page.meta()).isEqualTo(PageMeta.DEFAULT);
        assertThat(page.files()).containsExactly(FILE);
        assertThat(page.versions()).isEmpty();
        assertThat(page.tracks()).isEmpty();
        assertThat(page.alternateLocations()).isEmpty();
        assertThat(page.status()).isEmpty();
    }

    @Test
    void setsDropDuplicatesKeepingFirstOrder() {
        ProjectPage page = ProjectPage.builder(ProjectName.of("a"))
                .versions(List.of("2", "1", "2")).tracks(List.of("t", "t")).alternateLocations(List.of("x", "y", "x"))
                .build();
        assertThat(page.versions()).containsExactly("2", "1");
        assertThat(page.tracks()).containsExactly("t");
        assertThat(page.alternateLocations()).containsExactly("x", "y");
    }

    @Test
    void equalityFollowsTheNormalizedName() {
        assertThat(ProjectPage.of(ProjectName.of("Foo.Bar"), List.of())).isEqualTo(ProjectPage.of(ProjectName.of("foo-bar"), List.of()));
    }

    @Test
    void derivesCopies() {
        ProjectPage page = ProjectPage.builder(ProjectName.of("a")).apiVersion(ApiVersion.V1_1).lastSerial(3)
                .versions(List.of("1.0")).files(List.of(FILE)).status(ProjectStatus.of("archived")).build();
        assertThat(page.toBuilder().build()).isEqualTo(page);
        ProjectPage moved = page.mapFiles(file -> file.withUrl("https://mirror.example.org/" + file.filename()));
        assertThat(moved.files()).extracting(ProjectFile::url).containsExactly("https://mirror.example.org/a-1.0.tar.gz");
        assertThat(moved.withFiles(page.files())).isEqualTo(page);
        assertThat(page.withMeta(PageMeta.DEFAULT).meta()).isEqualTo(PageMeta.DEFAULT);
        assertThat(page.toBuilder().meta(PageMeta.of(ApiVersion.LATEST)).build().meta().lastSerial()).isEmpty();
    }

    @Test
    void isImmutable() {
        List<ProjectFile> files = new java.util.ArrayList<>(List.of(FILE));
        ProjectPage page = ProjectPage.of(ProjectName.of("a"), files);
        files.clear();
        assertThat(page.files()).hasSize(1);
        assertThatThrownBy(() -> page.files().add(FILE)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> page.versions().add("1")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void refusesMissingPartsWithMessages() {
        assertThatThrownBy(() -> ProjectPage.of(null, List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A project page needs a project name");
        assertThatThrownBy(() -> ProjectPage.builder(ProjectName.of("a")).meta(null).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProjectPage.of(ProjectName.of("a"), Arrays.asList(FILE, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("The files of a must not hold null");
        assertThatThrownBy(() -> ProjectPage.builder(ProjectName.of("a")).versions(Arrays.asList("1", null)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("The versions of a must not hold null");
        assertThatThrownBy(() -> ProjectPage.of(ProjectName.of("a"), List.of()).withFiles(Arrays.asList((ProjectFile) null)))
                .isInstanceOf(IllegalArgumentException.class);
        ProjectPage nulls = new ProjectPage(ProjectName.of("a"), PageMeta.DEFAULT, null, null, null, null, null);
        assertThat(nulls).isEqualTo(ProjectPage.of(ProjectName.of("a"), List.of()));
        assertThat(nulls.status()).isEqualTo(Optional.empty());
    }
}
