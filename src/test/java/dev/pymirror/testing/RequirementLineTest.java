package dev.pymirror.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RequirementLineTest {

    @Test
    void splitsNameExtrasAndSpecifierKeepingTheNameAsTyped() {
        assertThat(RequirementLine.parse("FLASK_LIKE[sec]")).isEqualTo(new RequirementLine("FLASK_LIKE", List.of("sec"), "*"));
        assertThat(RequirementLine.parse("markup.safe")).isEqualTo(new RequirementLine("markup.safe", List.of(), "*"));
        assertThat(RequirementLine.parse(" Dep-Lib [a, b] >=1.0,<2 "))
                .isEqualTo(new RequirementLine("Dep-Lib", List.of("a", "b"), ">=1.0,<2"));
        assertThat(RequirementLine.parse("x[a,b]").extrasToml()).isEqualTo("[\"a\", \"b\"]");
    }

    @Test
    void refusesWhatProjectFilesWouldNeedMoreFieldsFor() {
        assertThatThrownBy(() -> RequirementLine.parse("x; sys_platform == 'linux'"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x; sys_platform");
        assertThatThrownBy(() -> RequirementLine.parse("x @ https://example.invalid/x.whl"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RequirementLine.parse("[x]")).isInstanceOf(IllegalArgumentException.class);
    }
}
