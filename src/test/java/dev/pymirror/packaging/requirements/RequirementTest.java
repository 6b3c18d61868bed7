package dev.pymirror.packaging.requirements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pymirror.packaging.ProjectName;
import java.util.Collections;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequirementTest {

    @Test
    void partsOfARequirement() {
        Requirement r = Requirement.parse("Requests[socks , Security]>=2.8.1,==2.8.* ; python_version < '3.8'");
        assertThat(r.name()).isEqualTo(ProjectName.of("requests"));
        assertThat(r.name().original()).isEqualTo("Requests");
        assertThat(r.extras()).containsExactly("Security", "socks");
        assertThat(r.normalizedExtras()).containsExactlyInAnyOrder("security", "socks");
        assertThat(r.specifier().toString()).isEqualTo("==2.8.*,>=2.8.1");
        assertThat(r.url()).isNull();
        assertThat(r.marker()).isEqualTo(Marker.parse("python_version < \"3.8\""));
        assertThat(r).hasToString("Requests[Security,socks]==2.8.*,>=2.8.1; python_version < \"3.8\"");
    }

    @Test
    void directReferences() {
        Requirement r = Requirement.parse("pip @ https://example.com/pip-24.0.tar.gz#sha256=abc ; os_name == 'posix'");
        assertThat(r.url()).isEqualTo("https://example.com/pip-24.0.tar.gz#sha256=abc");
        assertThat(r.specifier().isEmpty()).isTrue();
        assertThat(r).hasToString("pip @ https://example.com/pip-24.0.tar.gz#sha256=abc ; os_name == \"posix\"");
        // Without a space the semicolon belongs to the URL.
        assertThat(Requirement.parse("pip @ file:///a;b").url()).isEqualTo("file:///a;b");
    }

    @Test
    void lenientWhereInstallersAre() {
        assertThat(Requirement.parse("name>=1.0,")).hasToString("name>=1.0");
        assertThat(Requirement.parse("  name ( >= 1.0 , < 2 )  ")).hasToString("name<2,>=1.0");
        assertThat(Requirement.parse("name[]")).hasToString("name");
        assertThat(Requirement.parse("name()")).hasToString("name");
        assertThat(Requirement.parse("name\t;\tos_name=='a'")).hasToString("name; os_name == \"a\"");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''                                 | 0  | Expected a project name",
        "'   '                              | 3  | Expected a project name",
        "-name                              | 0  | Expected a project name",
        "name-                              | 4  | Expected a version specifier, '@' and a URL, ';' and a marker, or the end",
        "name.                              | 4  | Expected a version specifier, '@' and a URL, ';' and a marker, or the end",
        "name_                              | 4  | must end with a letter or digit",
        "näme                               | 0  | Expected a project name",
        "name[aä]                           | 5  | Expected an extra name or ']' to close the '['",
        "name[a,bä]                         | 7  | Expected an extra name after ','",
        "name[a_]                           | 6  | must end with a letter or digit",
        "name[a,]                           | 7  | Expected an extra name after ','",
        "name[a-]                           | 6  | Expected ',' or ']' to close the '[' at offset 4",
        "name[a                             | 6  | Expected ',' or ']' to close the '[' at offset 4",
        "name[                              | 5  | Expected an extra name or ']'",
        "name[a b]                          | 7  | Expected ',' between extra names",
        "name @                             | 6  | Expected a URL after '@'",
        "name @ http://x;os_name=='a'       | 28 | ",
        "name @ http://x ;                  | 17 | Expected a marker variable",
        "name @ http://x junk               | 16 | Expected ';' and a marker, or the end",
        "name = 1.0                         | 5  | Expected a version specifier, '@' and a URL, ';' and a marker, or the end"
            + " after the name ('=' is not a version operator, one of ==, !=, <=, >=, <, >, ~=, ===)",
        "name ==                            | 5  | Expected a version specifier, '@' and a URL, ';' and a marker, or the end"
            + " after the name ('==' has no version after it)",
        "name>=1,<                          | 8  | Expected ',' and another version clause, ';' and a marker, or the end"
            + " ('<' has no version after it)",
        "name>=1,,                          | 8  | Expected ',' and another version clause, ';' and a marker, or the end",
        "name (>=                           | 6  | Expected ')' to close the version specifier opened at offset 5"
            + " ('>=' has no version after it)",
        "name ~= 1                          | 5  | Expected a version specifier, '@' and a URL, ';' and a marker, or the end"
            + " after the name ('~= 1' is not a valid version clause: '~=' needs a version with at least two release numbers)",
        "name==1.0.org1                     | 9  | Expected ',' and another version clause, ';' and a marker, or the end"
            + " ('==1.0.org1' is not a valid version clause: Unexpected character '.')",
        "name<=1.*                          | 8  | Invalid version specifier '<=1.*': A '.*' suffix is only allowed with '=='",
        "name==1.0a1.*                      | 12 | Invalid version specifier '==1.0a1.*': A '.*' suffix may only follow",
        "name ~= 1.0+local                  | 11 | Invalid version specifier '~= 1.0+local': A local version label",
        "name >= 1.0 junk                   | 12 | Expected ',' and another version clause",
        "name (>= 1.0                       | 12 | Expected ')' to close the version specifier opened at offset 5",
        "name >= 1.0 ; os_name == 'a' junk  | 29 | Expected 'and', 'or' or the end of the requirement",
        "name ; os_name ~ 'a'               | 15 | Expected a marker operator",
        "name 1.0                           | 5  | Expected a version specifier, '@' and a URL, ';' and a marker, or the end",
    })
    void errorsSayWhatWasExpectedAndWhere(String input, int position, String reason) {
        InvalidRequirementException e =
                catchThrowableOfType(InvalidRequirementException.class, () -> Requirement.parse(input));
        if (reason == null) {
            assertThat(e).as("%s is valid", input).isNull();
            return;
        }
        assertThat(e).as("parsing %s", input).isNotNull();
        assertThat(e.reason()).contains(reason);
        assertThat(e.position()).as(e.getMessage()).isEqualTo(position);
        assertThat(e.input()).isEqualTo(input);
    }

    @Test
    void versionErrorsPointIntoTheRequirement() {
        InvalidRequirementException e =
                catchThrowableOfType(InvalidRequirementException.class, () -> Requirement.parse("name >=  1.0+local"));
        assertThat(e).isNotNull();
        assertThat(e.position()).as(e.getMessage()).isEqualTo(12);
        assertThatThrownBy(() -> Requirement.parse("name ~= 1")).isInstanceOf(InvalidRequirementException.class);
        assertThatThrownBy(() -> Requirement.parse("name == 1.0.*.*")).isInstanceOf(InvalidRequirementException.class);
    }

    @Test
    void newlinesAreNotWhitespace() {
        assertThatThrownBy(() -> Requirement.parse("name\n")).isInstanceOf(InvalidRequirementException.class);
        assertThatThrownBy(() -> Requirement.parse("name @ http://x\n")).isInstanceOf(InvalidRequirementException.class);
        assertThatThrownBy(() -> Requirement.parse("name; os_name == 'a'\r\n"))
                .isInstanceOf(InvalidRequirementException.class);
    }

    @Test
    void nullAndHugeInputs() {
        assertThatThrownBy(() -> Requirement.parse(null))
                .isInstanceOf(InvalidRequirementException.class)
                .hasMessageContaining("required");
        String manyExtras = "name[" + String.join(",", Collections.nCopies(50_000, "extra")) + "]";
        assertThat(Requirement.parse(manyExtras).extras()).containsExactly("extra");
        String longName = "a".repeat(100_000);
        assertThat(Requirement.parse(longName + ">=1").name().original()).isEqualTo(longName);
        assertThat(Requirement.parse("name>=1.99999999999999999999999").specifier().toString())
                .isEqualTo(">=1.99999999999999999999999");
    }

    @Test
    void equalityIgnoresSpellingThatDoesNotChangeMeaning() {
        assertThat(Requirement.parse("Foo.Bar[All_Blue]>=1.0 ; extra=='X_Y'"))
                .isEqualTo(Requirement.parse("foo-bar [all-blue] (>= 1.0) ; extra == \"x-y\""))
                .hasSameHashCodeAs(Requirement.parse("foo-bar [all-blue] (>= 1.0) ; extra == \"x-y\""));
        assertThat(Requirement.parse("foo @ http://x")).isNotEqualTo(Requirement.parse("foo @ http://y"));
        assertThat(Requirement.parse("foo[a]")).isNotEqualTo(Requirement.parse("foo"));
        assertThat(Requirement.parse("foo; os_name == 'a'")).isNotEqualTo(Requirement.parse("foo"));
    }

    @Test
    void packageDocumentationExample() {
        Requirement req = Requirement.parse("pywin32>=226; sys_platform == 'win32'");
        Environment windows = Environment.forTarget("3.12", "win_amd64");
        assertThat(req.marker().evaluate(windows)).isTrue();
        assertThat(Marker.parse("extra == 'socks'").evaluate(windows, "SOCKS")).isTrue();
    }

    @Test
    void appliesToAnEnvironment() {
        Environment linux = Environment.forTarget("3.12", "manylinux_2_28_x86_64");
        assertThat(Requirement.parse("foo").appliesTo(linux, Set.of())).isTrue();
        assertThat(Requirement.parse("foo; sys_platform == 'win32'").appliesTo(linux, Set.of())).isFalse();
        Requirement socks = Requirement.parse("PySocks; extra == 'socks'");
        assertThat(socks.appliesTo(linux, Set.of())).isFalse();
        assertThat(socks.appliesTo(linux, Set.of("Socks"))).isTrue();
    }
}
