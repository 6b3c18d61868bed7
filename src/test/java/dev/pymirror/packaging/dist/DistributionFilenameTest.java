package dev.pymirror.packaging.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pymirror.packaging.dist.InvalidFilenameException.Problem;
import dev.pymirror.packaging.tags.SupportedTags;
import dev.pymirror.packaging.tags.Target;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class DistributionFilenameTest {

    @Test
    void theExtensionChoosesTheKind() {
        assertThat(DistributionFilename.parse("foo-1.0-py3-none-any.whl")).isInstanceOf(WheelFilename.class);
        assertThat(DistributionFilename.parse("foo-1.0.tar.gz")).isInstanceOf(SdistFilename.class);
        assertThat(DistributionFilename.parse("foo-1.0.zip")).isInstanceOf(SdistFilename.class);
        String description = switch (DistributionFilename.parse("foo-1.0.zip")) {
            case WheelFilename wheel -> "wheel " + wheel.tags();
            case SdistFilename sdist -> "sdist " + sdist.format();
        };
        assertThat(description).isEqualTo("sdist ZIP");
        for (String legacy : List.of("foo-1.0.tar.bz2", "foo-1.0.egg", "foo-1.0.win32.exe", "foo-1.0.tgz", "", "foo")) {
            assertThatThrownBy(() -> DistributionFilename.parse(legacy))
                    .isInstanceOf(InvalidFilenameException.class)
                    .extracting(e -> ((InvalidFilenameException) e).problem()).isEqualTo(Problem.EXTENSION);
            assertThat(DistributionFilename.tryParse(legacy)).isEmpty();
        }
        assertThatThrownBy(() -> DistributionFilename.parse(null)).isInstanceOf(InvalidFilenameException.class);
        assertThat(DistributionFilename.tryParse(null)).isEmpty();
    }

    @Test
    void wheelsOfAReleaseAreRankedForATarget() {
        List<WheelFilename> wheels = List.of(
                WheelFilename.parse("numpy-2.1.0-cp312-cp312-win_amd64.whl"),
                WheelFilename.parse("numpy-2.1.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"),
                WheelFilename.parse("numpy-2.1.0-cp312-cp312-musllinux_1_2_x86_64.whl"),
                WheelFilename.parse("numpy-2.1.0-cp312-cp312-manylinux_2_27_x86_64.whl"),
                WheelFilename.parse("numpy-2.1.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"));
        SupportedTags linux = Target.parse("cp312-manylinux_2_28_x86_64").supportedTags();
        assertThat(linux.rank(wheels, WheelFilename::tags)).containsExactly(wheels.get(3), wheels.get(1));
        assertThat(linux.explain(wheels.get(4).tags()))
                .contains("needs ABI 'cp311'; with interpreter 'cp311' the target accepts only 'abi3'");
        assertThat(linux.explain(wheels.get(0).tags()))
                .contains("is for Windows on amd64; the target is Linux with glibc 2.28 on x86_64");
    }

    @Test
    void pipOrderPrefersTheHigherBuildAmongEqualTags() {
        List<WheelFilename> wheels = List.of(
                WheelFilename.parse("foo-1.0-py3-none-any.whl"),
                WheelFilename.parse("foo-1.0-2-py3-none-any.whl"),
                WheelFilename.parse("foo-1.0-10-py3-none-any.whl"),
                WheelFilename.parse("foo-1.0-1-cp313-abi3-win_amd64.whl"),
                WheelFilename.parse("foo-1.0-9-cp313-cp313-manylinux1_x86_64.whl"));
        SupportedTags windows = Target.parse("cp313-win_amd64").supportedTags();
        assertThat(WheelFilename.rank(wheels, windows))
                .containsExactly(wheels.get(3), wheels.get(2), wheels.get(1), wheels.get(0));
        assertThat(windows.rank(wheels, WheelFilename::tags))
                .containsExactly(wheels.get(3), wheels.get(0), wheels.get(1), wheels.get(2));
        assertThat(WheelFilename.best(wheels, windows)).contains(wheels.get(3));
        assertThat(WheelFilename.best(wheels.subList(4, 5), windows)).isEmpty();
    }

    @Test
    void buildTagsSortByNumberThenSuffix() {
        assertThat(BuildTag.parse("2")).isGreaterThan(BuildTag.parse("1zzz"));
        assertThat(BuildTag.parse("10")).isGreaterThan(BuildTag.parse("9"));
        assertThat(BuildTag.parse("1b")).isGreaterThan(BuildTag.parse("1a")).isGreaterThan(BuildTag.parse("1"));
        assertThat(BuildTag.parse("007x").number()).isEqualTo(BigInteger.valueOf(7));
        assertThat(BuildTag.parse("007x").toString()).isEqualTo("7x");
        assertThatThrownBy(() -> BuildTag.parse("x1")).isInstanceOf(InvalidFilenameException.class);
        assertThatThrownBy(() -> BuildTag.parse("")).isInstanceOf(InvalidFilenameException.class);
        assertThatThrownBy(() -> new BuildTag(BigInteger.ONE, "2")).isInstanceOf(InvalidFilenameException.class);
        assertThatThrownBy(() -> new BuildTag(BigInteger.valueOf(-1), "")).isInstanceOf(InvalidFilenameException.class);
    }
}
