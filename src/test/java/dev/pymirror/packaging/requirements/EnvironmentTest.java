package dev.pymirror.packaging.requirements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EnvironmentTest {

    @ParameterizedTest
    @CsvSource({
        // tag,                      os_name, sys_platform, platform_system, platform_machine, platform_release
        "manylinux_2_28_x86_64,      posix,   linux,        Linux,           x86_64,   ''",
        "manylinux2014_aarch64,      posix,   linux,        Linux,           aarch64,  ''",
        "manylinux1_i686,            posix,   linux,        Linux,           i686,     ''",
        "musllinux_1_2_x86_64,       posix,   linux,        Linux,           x86_64,   ''",
        "musllinux_1_1_aarch64,      posix,   linux,        Linux,           aarch64,  ''",
        "linux_armv7l,               posix,   linux,        Linux,           armv7l,   ''",
        "macosx_11_0_arm64,          posix,   darwin,       Darwin,          arm64,    20.0.0",
        "macosx_10_9_x86_64,         posix,   darwin,       Darwin,          x86_64,   13.0.0",
        "macosx_14_0_arm64,          posix,   darwin,       Darwin,          arm64,    23.0.0",
        "macosx_26_0_arm64,          posix,   darwin,       Darwin,          arm64,    25.0.0",
        "win_amd64,                  nt,      win32,        Windows,         AMD64,    ''",
        "win32,                      nt,      win32,        Windows,         x86,      ''",
        "win_arm64,                  nt,      win32,        Windows,         ARM64,    ''",
        "ios_13_0_arm64_iphoneos,    posix,   ios,          iOS,             arm64,    ''",
        "ios_13_0_x86_64_iphonesimulator, posix, ios,       iOS,             x86_64,   ''",
        "android_24_arm64_v8a,       posix,   android,      Android,         aarch64,  ''",
        "android_21_x86,             posix,   android,      Android,         i686,     ''",
        "pyodide_2024_0_wasm32,      posix,   emscripten,   Emscripten,      wasm32,   ''",
        "emscripten_3_1_58_wasm32,   posix,   emscripten,   Emscripten,      wasm32,   ''",
    })
    void platformTagsDescribeTheTarget(String tag, String osName, String sysPlatform, String system, String machine,
            String release) {
        Environment env = Environment.forTarget("3.12", tag);
        assertThat(env.osName()).isEqualTo(osName);
        assertThat(env.sysPlatform()).isEqualTo(sysPlatform);
        assertThat(env.platformSystem()).isEqualTo(system);
        assertThat(env.platformMachine()).isEqualTo(machine);
        assertThat(env.platformRelease()).isEqualTo(release);
        assertThat(env.platformVersion()).isEmpty();
    }

    @Test
    void cpythonTargets() {
        Environment env = Environment.forTarget("3.12", "manylinux_2_28_x86_64");
        assertThat(env.pythonVersion()).isEqualTo("3.12");
        assertThat(env.pythonFullVersion()).isEqualTo("3.12.0");
        assertThat(env.implementationName()).isEqualTo("cpython");
        assertThat(env.implementationVersion()).isEqualTo("3.12.0");
        assertThat(env.platformPythonImplementation()).isEqualTo("CPython");

        Environment rc = Environment.forTarget("3.13.0rc1", "win_amd64");
        assertThat(rc.pythonVersion()).isEqualTo("3.13");
        assertThat(rc.pythonFullVersion()).isEqualTo("3.13.0rc1");
        assertThat(Marker.parse("python_full_version >= '3.13.0rc1' and platform_machine == 'AMD64'").evaluate(rc))
                .isTrue();
    }

    @Test
    void otherImplementations() {
        Environment pypy = Environment.forTarget("3.10.14", "macosx_11_0_arm64", "pypy");
        assertThat(pypy.implementationName()).isEqualTo("pypy");
        assertThat(pypy.platformPythonImplementation()).isEqualTo("PyPy");
        assertThat(pypy.implementationVersion()).isEmpty();
        assertThat(pypy.withImplementationVersion("7.3.17").implementationVersion()).isEqualTo("7.3.17");
        assertThat(Environment.forTarget("3.11", "linux_x86_64", "gp").platformPythonImplementation())
                .isEqualTo("GraalVM");
        assertThat(Environment.forTarget("3.11", "linux_x86_64", "PP").implementationName()).isEqualTo("pypy");
    }

    @ParameterizedTest
    @CsvSource({
        "3.12, any, 0",
        "3.12, macosx_11_0_universal2, 12",
        "3.12, macosx_11_x86_64, 10",
        "3.12, manylinux_2_x86_64, 12",
        "3.12, linux_, 6",
        "3.12, linux_x86-64, 9",
        "3.12, ios_13_0_arm64, 0",
        "3, win_amd64, 1",
        "3.x, win_amd64, 2",
        "3.12.0.1, win_amd64, 6",
        "3.12.0final, win_amd64, 6",
    })
    void badTargetsSayWhatAndWhere(String python, String tag, int position) {
        InvalidEnvironmentException e = catchThrowableOfType(InvalidEnvironmentException.class,
                () -> Environment.forTarget(python, tag));
        assertThat(e).isNotNull();
        assertThat(e.position()).as(e.getMessage()).isEqualTo(position);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "rust"})
    void unknownImplementations(String implementation) {
        assertThatThrownBy(() -> Environment.forTarget("3.12", "win32", implementation))
                .isInstanceOf(InvalidEnvironmentException.class);
    }

    @Test
    void nullsAreRefusedWithAMessage() {
        assertThatThrownBy(() -> Environment.forTarget(null, "win32")).isInstanceOf(InvalidEnvironmentException.class);
        assertThatThrownBy(() -> Environment.forTarget("3.12", null)).isInstanceOf(InvalidEnvironmentException.class);
        assertThat(new Environment(null, null, null, null, null, null, null, null, null, null, null).osName())
                .isEmpty();
    }

    @Test
    void fromAndToMarkerNames() {
        Environment env = Environment.forTarget("3.11.7", "manylinux_2_28_x86_64");
        Map<String, String> map = env.asMap();
        assertThat(map).hasSize(11).containsEntry("python_full_version", "3.11.7").containsEntry("sys_platform", "linux");
        assertThat(Environment.of(map)).isEqualTo(env);
        assertThat(Environment.of(Map.of("os.name", "nt")).osName()).isEqualTo("nt");
        assertThatThrownBy(() -> Environment.of(Map.of("extra", "x"))).isInstanceOf(InvalidEnvironmentException.class);
        assertThatThrownBy(() -> Environment.of(Map.of("bogus", "x")))
                .isInstanceOf(InvalidEnvironmentException.class)
                .hasMessageContaining("bogus");
    }

    @Test
    void withersChangeOneValue() {
        Environment env = Environment.forTarget("3.11", "win_amd64");
        for (MarkerVariable variable : MarkerVariable.values()) {
            if (!variable.isEnvironmentValue()) {
                assertThatThrownBy(() -> env.with(variable, "x")).isInstanceOf(InvalidEnvironmentException.class);
                continue;
            }
            Environment changed = env.with(variable, "changed");
            assertThat(changed.get(variable)).isEqualTo("changed");
            for (MarkerVariable other : MarkerVariable.values()) {
                if (other != variable && other.isEnvironmentValue()) {
                    assertThat(changed.get(other)).isEqualTo(env.get(other));
                }
            }
        }
    }
}
