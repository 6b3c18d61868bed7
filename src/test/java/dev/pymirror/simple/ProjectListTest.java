package dev.pymirror.simple;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pymirror.packaging.ProjectName;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ProjectListTest {

    @Test
    void listsNamesInPageOrder() {
        ProjectList list = ProjectList.of(List.of(ProjectName.of("b"), ProjectName.of("A")));
        assertThat(list.meta()).isEqualTo(PageMeta.DEFAULT);
        assertThat(list.names()).extracting(ProjectName::original).containsExactly("b", "A");
        assertThat(list.projects()).allSatisfy(project -> assertThat(project.lastSerial()).isEmpty());
    }

    @Test
    void listedProjectsCarryTheirSerial() {
        assertThat(ListedProject.of(ProjectName.of("a"), 7).lastSerial()).hasValue(7);
        assertThat(new ListedProject(ProjectName.of("a"), null)).isEqualTo(ListedProject.of(ProjectName.of("a")));
        assertThatThrownBy(() -> new ListedProject(null, OptionalLong.empty())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesMissingParts() {
        assertThatThrownBy(() -> new ProjectList(null, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProjectList(PageMeta.DEFAULT, Arrays.asList((ListedProject) null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("The project list must not hold null");
        assertThat(new ProjectList(PageMeta.DEFAULT, null).projects()).isEmpty();
    }
}
