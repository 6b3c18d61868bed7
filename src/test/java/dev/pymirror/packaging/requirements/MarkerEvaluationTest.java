package dev.pymirror.packaging.requirements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Marker evaluation semantics beyond the conformance vectors. */
class MarkerEvaluationTest {

    private static final Environment LINUX = Environment.forTarget("3.11.7", "manylinux_2_28_x86_64");

    private static boolean eval(String marker, Environment env) {
        return Marker.parse(marker).evaluate(env);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // Version variables compare as PEP 440 versions, not as strings.
        "python_version >= '3.8'              | true",
        "python_version < '3.10'              | false",
        "python_version == '3.11.0'           | true",
        "python_version == '3.*'              | true",
        "python_version ~= '3.9'              | true",
        "python_full_version >= '3.11.7'      | true",
        "python_full_version === '3.11.7'     | true",
        "python_full_version === '3.11.7.0'   | false",
        "python_version != '3.11'             | false",
        // Reversed operands put the environment value in the specifier.
        "'3.8' < python_version               | true",
        "'3.12' < python_version              | false",
        "'3.11.7' == python_full_version      | true",
        "'3.11.6' ~= python_full_version      | false",
        // When the right side is not a valid specifier, they compare as strings.
        "python_version == 'dog'              | false",
        "python_version != 'dog'              | true",
        "python_version < 'dog'               | false",
        "python_version >= 'dog'              | false",
        "python_version >= '3.11.*'           | false",
        // Substring tests.
        "'3.1' in python_version              | true",
        "'x86' in platform_machine            | true",
        "'64' not in platform_machine         | false",
        "'linux' in sys_platform              | true",
        // Strings: only equality; ordering never holds except the inclusive forms of equality.
        "sys_platform == 'linux'              | true",
        "sys_platform != 'linux'              | false",
        "sys_platform >= 'linux'              | true",
        "sys_platform <= 'linux'              | true",
        "sys_platform > 'a'                   | false",
        "sys_platform < 'z'                   | false",
        "'a' < sys_platform                   | false",
        "os_name == 'Posix'                   | false",
        // Two quoted strings compare as strings.
        "'a' == 'a'                           | true",
        "'1.0' < '2.0'                        | false",
        "'b' in 'abc'                         | true",
    })
    void onLinux(String marker, boolean expected) {
        assertThat(eval(marker, LINUX)).isEqualTo(expected);
    }

    @Test
    void prereleasesOfTheInterpreterMatchRanges() {
        Environment beta = LINUX.withPythonFullVersion("3.13.0b2");
        assertThat(eval("python_full_version >= '3.12'", beta)).isTrue();
        // PEP 440: "<V" excludes the pre-releases of V itself.
        assertThat(eval("python_full_version < '3.13'", beta)).isFalse();
        assertThat(eval("python_full_version < '3.13.0b3'", beta)).isTrue();
        assertThat(eval("python_full_version >= '3.13.0'", beta)).isFalse();
    }

    @Test
    void untaggedInterpreterBuildsStillCompare() {
        Environment dev = LINUX.withPythonFullVersion("3.11.1+");
        assertThat(eval("python_full_version < '3.12'", dev)).isTrue();
        assertThat(eval("python_full_version >= '3.11.1'", dev)).isTrue();
    }

    @Test
    void nonPep440PlatformReleasesAreInNoRange() {
        Environment kernel = LINUX.withPlatformRelease("6.8.0-45-generic");
        assertThat(eval("platform_release >= '5.0'", kernel)).isFalse();
        assertThat(eval("platform_release < '5.0'", kernel)).isFalse();
        assertThat(eval("platform_release == '6.8.0-45-generic'", kernel)).isTrue();
        assertThat(eval("platform_release === '6.8.0-45-generic'", kernel)).isTrue();
        assertThat(eval("'6.8' in platform_release", kernel)).isTrue();
        Environment release = LINUX.withPlatformRelease("6.8.0");
        assertThat(eval("platform_release >= '5.0'", release)).isTrue();
    }

    @Test
    void extraComparesByNormalizedName() {
        Marker marker = Marker.parse("extra == 'Foo.Bar'");
        assertThat(marker.evaluate(LINUX, "foo-bar")).isTrue();
        assertThat(marker.evaluate(LINUX, "FOO__bar")).isTrue();
        assertThat(marker.evaluate(LINUX, "foobar")).isFalse();
        assertThat(marker.evaluate(LINUX)).isFalse();
        assertThat(marker.evaluate(LINUX, (String) null)).isFalse();
        assertThat(Marker.parse("extra == ''").evaluate(LINUX)).isTrue();
        assertThat(Marker.parse("(extra == 'A_b' or extra == 'c') and os_name == 'posix'").evaluate(LINUX, "a.B"))
                .isTrue();
        // An extra that looks like a version is still a name, not a version.
        assertThat(Marker.parse("extra == 'v2'").evaluate(LINUX, "v2.0")).isFalse();
    }

    @Test
    void extrasAndDependencyGroupsAreSetsOfNormalizedNames() {
        MarkerContext lock = MarkerContext.lockFile(List.of("Docs", "test_all"), Set.of("dev"));
        assertThat(Marker.parse("'docs' in extras").evaluate(LINUX, lock)).isTrue();
        assertThat(Marker.parse("'Test.All' in extras").evaluate(LINUX, lock)).isTrue();
        assertThat(Marker.parse("'dev' not in dependency_groups").evaluate(LINUX, lock)).isFalse();
        assertThat(Marker.parse("'lint' in dependency_groups").evaluate(LINUX, lock)).isFalse();
        assertThat(Marker.parse("'lint' in dependency_groups").evaluate(LINUX, MarkerContext.lockFile())).isFalse();
        assertThat(lock.extras()).containsExactlyInAnyOrder("docs", "test-all");
    }

    @Test
    void variablesTheContextDoesNotDefineAreErrors() {
        UndefinedEnvironmentNameException e = catchThrowableOfType(UndefinedEnvironmentNameException.class,
                () -> Marker.parse("os_name == 'posix' and extra == 'x'").evaluate(LINUX, MarkerContext.requirement()));
        assertThat(e).isNotNull();
        assertThat(e.input()).isEqualTo("os_name == \"posix\" and extra == \"x\"");
        assertThat(e.position()).isEqualTo(23);
        assertThat(e.reason()).contains("'extra == \"x\"'").contains("no value in this context");
        assertThatThrownBy(() -> Marker.parse("'a' in extras").evaluate(LINUX))
                .isInstanceOf(UndefinedEnvironmentNameException.class);
        assertThatThrownBy(() -> Marker.parse("extra == 'a'").evaluate(LINUX, MarkerContext.lockFile()))
                .isInstanceOf(UndefinedEnvironmentNameException.class);
        assertThat(Marker.parse("os_name == 'posix'").evaluate(LINUX, MarkerContext.requirement())).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "os_name ~= 'posix'",
        "os_name === 'posix'",
        "'posix' === os_name",
        "extra === 'a'",
        "python_version ~= '3'",
        "python_version ~= 'dog'",
        "python_version === 'with space'",
        "'dog' ~= platform_version",
        "extras == 'a'",
        "extras in 'a'",
        "'a' == extras",
        "dependency_groups >= 'a'",
    })
    void undefinedComparisons(String marker) {
        // ("dog" ~= python_version is defined: the specifier "~=3.11" holds no "dog", so it is false.)
        MarkerContext lock = MarkerContext.lockFile().withExtra("");
        UndefinedComparisonException e = catchThrowableOfType(UndefinedComparisonException.class,
                () -> Marker.parse(marker).evaluate(LINUX, lock));
        assertThat(e).as(marker).isNotNull();
        assertThat(e.position()).isZero();
        assertThat(e.getMessage()).startsWith("Cannot evaluate '");
    }

    @Test
    void undefinedComparisonsRaiseEvenWhenTheResultIsKnown() {
        assertThatThrownBy(() -> eval("os_name == 'posix' or os_name === 'x'", LINUX))
                .isInstanceOf(UndefinedComparisonException.class)
                .hasMessageContaining("at position 22");
        assertThatThrownBy(() -> eval("os_name == 'nt' and (os_name == 'a' or os_name ~= 'x')", LINUX))
                .isInstanceOf(UndefinedComparisonException.class);
        assertThatThrownBy(() -> eval("os_name == 'nt' or os_name === 'x'", LINUX))
                .isInstanceOf(UndefinedComparisonException.class)
                .hasMessageContaining("at position 19");
        assertThatThrownBy(() -> Marker.parse("os_name == 'nt' and extra == 'x'").evaluate(LINUX, MarkerContext.requirement()))
                .isInstanceOf(UndefinedEnvironmentNameException.class);
        // Version clauses with a valid specifier never fail.
        assertThat(eval("os_name == 'posix' or python_version === '3.11'", LINUX)).isTrue();
    }

    @Test
    void installersEvaluateRequirementsForEachRequestedExtra() {
        Marker marker = Marker.parse("extra == 'socks' and os_name == 'posix'");
        assertThat(marker.evaluateForExtras(LINUX, List.of())).isFalse();
        assertThat(marker.evaluateForExtras(LINUX, List.of("security", "SOCKS"))).isTrue();
        assertThat(Marker.parse("os_name == 'posix'").evaluateForExtras(LINUX, null)).isTrue();
    }

    @Test
    void nullEnvironmentIsRefused() {
        assertThatThrownBy(() -> Marker.parse("os_name == 'a'").evaluate(null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
