package dev.pymirror.packaging.tags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pymirror.testing.Conformance;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PlatformTest {

    static List<JsonNode> macBinaryFormats() {
        return Conformance.cases("tags.json", "mac_binary_formats");
    }

    static List<JsonNode> macPlatforms() {
        return Conformance.cases("tags.json", "mac_platforms");
    }

    static List<JsonNode> iosPlatforms() {
        return Conformance.cases("tags.json", "ios_platforms");
    }

    static List<JsonNode> androidPlatforms() {
        return Conformance.cases("tags.json", "android_platforms");
    }

    static List<JsonNode> manylinux() {
        return Conformance.cases("tags.json", "manylinux");
    }

    static List<JsonNode> musllinux() {
        return Conformance.cases("tags.json", "musllinux");
    }

    @ParameterizedTest
    @MethodSource
    void macBinaryFormats(JsonNode c) {
        JsonNode v = c.get("version");
        assertThat(MacosPlatform.binaryFormats(v.get(0).asInt(), v.get(1).asInt(), c.get("arch").asText()))
                .containsExactlyElementsOf(Conformance.strings(c.get("expected")));
    }

    @ParameterizedTest
    @MethodSource
    void macPlatforms(JsonNode c) {
        JsonNode v = c.get("version");
        List<String> expected = Conformance.strings(c.get("expected"));
        assertThat(MacosPlatform.platformTags(v.get(0).asInt(), v.get(1).asInt(), c.get("arch").asText()))
                .containsExactlyElementsOf(expected);
        assertThat(new MacosPlatform(v.get(0).asInt(), v.get(1).asInt(), c.get("arch").asText()).compatibleTags())
                .containsExactlyElementsOf(expected);
    }

    @ParameterizedTest
    @MethodSource
    void iosPlatforms(JsonNode c) {
        JsonNode v = c.get("version");
        assertThat(IosPlatform.platformTags(v.get(0).asInt(), v.get(1).asInt(), c.get("multiarch").asText()))
                .containsExactlyElementsOf(Conformance.strings(c.get("expected")));
    }

    @ParameterizedTest
    @MethodSource
    void androidPlatforms(JsonNode c) {
        assertThat(AndroidPlatform.platformTags(c.get("api_level").asInt(), c.get("abi").asText()))
                .containsExactlyElementsOf(Conformance.strings(c.get("expected")));
    }

    @ParameterizedTest
    @MethodSource
    void manylinux(JsonNode c) {
        JsonNode glibc = c.get("glibc");
        assertThat(ManylinuxPlatform.platformTags(glibc.get(0).asInt(), glibc.get(1).asInt(),
                Conformance.strings(c.get("archs")))).containsExactlyElementsOf(Conformance.strings(c.get("expected")));
    }

    @ParameterizedTest
    @MethodSource
    void musllinux(JsonNode c) {
        JsonNode musl = c.get("musl");
        assertThat(MusllinuxPlatform.platformTags(musl.get(0).asInt(), musl.get(1).asInt(),
                Conformance.strings(c.get("archs")))).containsExactlyElementsOf(Conformance.strings(c.get("expected")));
    }

    @Test
    void parseRecognisesEachFamily() {
        assertThat(Platform.parse("manylinux_2_28_x86_64")).isEqualTo(new ManylinuxPlatform(2, 28, "x86_64"));
        assertThat(Platform.parse("manylinux1_i686")).isEqualTo(new ManylinuxPlatform(2, 5, "i686"));
        assertThat(Platform.parse("manylinux2010_x86_64")).isEqualTo(new ManylinuxPlatform(2, 12, "x86_64"));
        assertThat(Platform.parse("manylinux2014_aarch64")).isEqualTo(new ManylinuxPlatform(2, 17, "aarch64"));
        assertThat(Platform.parse("musllinux_1_2_aarch64")).isEqualTo(new MusllinuxPlatform(1, 2, "aarch64"));
        assertThat(Platform.parse("macosx_11_0_arm64")).isEqualTo(new MacosPlatform(11, 0, "arm64"));
        assertThat(Platform.parse("macosx-10.9-x86_64")).isEqualTo(new MacosPlatform(10, 9, "x86_64"));
        assertThat(Platform.parse("ios_13_0_arm64_iphonesimulator"))
                .isEqualTo(new IosPlatform(13, 0, "arm64_iphonesimulator"));
        assertThat(Platform.parse("android_21_arm64_v8a")).isEqualTo(new AndroidPlatform(21, "arm64_v8a"));
        assertThat(Platform.parse("win_amd64")).isEqualTo(new GenericPlatform("win_amd64", OperatingSystem.WINDOWS, "amd64"));
        assertThat(Platform.parse("win32").os()).isEqualTo(OperatingSystem.WINDOWS);
        assertThat(Platform.parse("linux-x86_64")).isEqualTo(new GenericPlatform("linux_x86_64", OperatingSystem.LINUX, "x86_64"));
        assertThat(Platform.parse("any").os()).isEqualTo(OperatingSystem.ANY);
        assertThat(Platform.parse("pyodide_2024_0_wasm32").os()).isEqualTo(OperatingSystem.EMSCRIPTEN);
        assertThat(Platform.parse("MANYLINUX_2_17_X86_64").tag()).isEqualTo("manylinux_2_17_x86_64");
    }

    @Test
    void malformedOrHugeVersionsAreNotVersionedPlatforms() {
        for (String tag : List.of("manylinux_2_x86_64", "manylinux_2_", "manylinux__17_x86_64", "manylinux_2_17_",
                "manylinux_99999999999999999999_0_x86_64", "manylinux_2_1000_x86_64", "macosx_11_arm64", "ios_",
                "android_x_arm", "manylinux1_", "manylinux3_x86_64", "whatever", "_")) {
            Platform platform = Platform.parse(tag);
            assertThat(platform).as(tag).isInstanceOf(GenericPlatform.class);
            assertThat(platform.compatibleTags()).as(tag).containsExactly(Platform.normalize(tag));
        }
        assertThatThrownBy(() -> Platform.parse("")).isInstanceOf(InvalidTargetException.class);
        assertThatThrownBy(() -> Platform.parse(null)).isInstanceOf(InvalidTargetException.class);
    }

    @Test
    void recordsCheckTheirNumbers() {
        assertThatThrownBy(() -> new ManylinuxPlatform(2, 5000, "x86_64")).isInstanceOf(InvalidTargetException.class);
        assertThatThrownBy(() -> new MacosPlatform(-1, 0, "arm64")).isInstanceOf(InvalidTargetException.class);
        assertThatThrownBy(() -> new AndroidPlatform(21, "")).isInstanceOf(InvalidTargetException.class);
        assertThatThrownBy(() -> ManylinuxPlatform.platformTags(2, 1_000_000_000, List.of("x86_64")))
                .isInstanceOf(InvalidTargetException.class);
    }

    @Test
    void linuxMachinesAcceptTheirOwnBuildsFirst() {
        assertThat(Platform.parse("manylinux2014_aarch64").compatibleTags())
                .startsWith("linux_aarch64", "manylinux_2_17_aarch64", "manylinux2014_aarch64")
                .hasSize(3);
        assertThat(Platform.parse("musllinux_1_1_armv8l").compatibleTags()).containsExactly("linux_armv8l",
                "linux_armv7l", "musllinux_1_1_armv8l", "musllinux_1_0_armv8l", "musllinux_1_1_armv7l",
                "musllinux_1_0_armv7l");
        assertThat(Platform.parse("manylinux_2_12_aarch64").compatibleTags()).containsExactly("linux_aarch64");
    }

    @Test
    void describeNamesOperatingSystemVersionAndArchitecture() {
        assertThat(Platform.parse("manylinux_2_28_x86_64").describe()).isEqualTo("Linux with glibc 2.28 on x86_64");
        assertThat(Platform.parse("musllinux_1_2_aarch64").describe()).isEqualTo("Linux with musl 1.2 on aarch64");
        assertThat(Platform.parse("macosx_14_0_arm64").describe()).isEqualTo("macOS 14.0 on arm64");
        assertThat(Platform.parse("win_amd64").describe()).isEqualTo("Windows on amd64");
        assertThat(Platform.parse("android_24_x86_64").describe()).isEqualTo("Android API level 24 on x86_64");
        assertThat(Platform.parse("solaris_2_11_sparc").describe()).isEqualTo("platform 'solaris_2_11_sparc'");
    }
}
