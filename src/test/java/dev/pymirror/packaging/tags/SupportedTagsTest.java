package dev.pymirror.packaging.tags;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pymirror.packaging.tags.Incompatibility.Aspect;
import dev.pymirror.testing.Conformance;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SupportedTagsTest {

    private static final Map<String, SupportedTags> TARGETS = new HashMap<>();

    static List<JsonNode> compatibleTagsSelector() {
        return Conformance.cases("tags.json", "compatible_tags_selector");
    }

    static List<JsonNode> wheelSelection() {
        return Conformance.cases("tags.json", "wheel_selection");
    }

    @ParameterizedTest
    @MethodSource
    void compatibleTagsSelector(JsonNode c) {
        List<Tag> supported = Conformance.strings(c.get("supported")).stream().map(Tag::of).toList();
        SupportedTags tags = SupportedTags.of(supported);
        List<String> candidates = Conformance.strings(c.get("candidates"));
        List<String> expected = Conformance.strings(c.get("expected"));
        assertThat(tags.rank(candidates, Tag::parse)).containsExactlyElementsOf(expected);
        assertThat(tags.best(candidates, Tag::parse)).isEqualTo(expected.stream().findFirst());
        for (String candidate : candidates) {
            assertThat(tags.isCompatible(Tag.parse(candidate))).isEqualTo(expected.contains(candidate));
            assertThat(tags.explain(Tag.parse(candidate)).isEmpty()).isEqualTo(expected.contains(candidate));
        }
    }

    /** Real releases: every wheel ranked for each of the four targets, built from their descriptions. */
    @ParameterizedTest
    @MethodSource
    void wheelSelection(JsonNode c) {
        List<String> wheels = Conformance.strings(c.get("wheels"));
        c.get("selection").properties().forEach(entry -> {
            SupportedTags supported = TARGETS.computeIfAbsent(entry.getKey(), k -> Target.parse(k).supportedTags());
            JsonNode expected = entry.getValue();
            List<String> ranked = supported.rank(wheels, SupportedTagsTest::wheelTags);
            assertThat(ranked).as(entry.getKey()).containsExactlyElementsOf(Conformance.strings(expected.get("compatible")));
            String best = expected.get("best").isNull() ? null : expected.get("best").asText();
            assertThat(supported.best(wheels, SupportedTagsTest::wheelTags).orElse(null)).isEqualTo(best);
            for (String wheel : wheels) {
                boolean fits = ranked.contains(wheel);
                assertThat(supported.explain(wheelTags(wheel)).isPresent()).as(wheel).isNotEqualTo(fits);
            }
        });
    }

    @Test
    void priorityIsThePositionAndMinusOneWhenUnsupported() {
        SupportedTags tags = Target.parse("cp313-win_amd64").supportedTags();
        assertThat(tags.priority(Tag.of("cp313-cp313-win_amd64"))).isZero();
        assertThat(tags.priority(Tag.of("cp313-abi3-win_amd64"))).isEqualTo(1);
        assertThat(tags.priority(Tag.of("py3-none-any"))).isEqualTo(tags.size() - 14);
        assertThat(tags.priority(Tag.of("cp312-cp312-win_amd64"))).isEqualTo(-1);
        assertThat(tags.priority(Tag.parse("cp312-cp312.abi3-win_amd64"))).isEqualTo(3);
        assertThat(tags.priority(Set.of())).isEqualTo(-1);
        assertThat(tags.supports(Tag.of("py30-none-any"))).isTrue();
    }

    @Test
    void explainSaysWhichPartDoesNotFit() {
        SupportedTags linux = Target.parse("cp312-manylinux_2_28_x86_64").supportedTags();
        assertThat(reason(linux, "cp311-cp311-manylinux_2_17_x86_64"))
                .isEqualTo("ABI: needs ABI 'cp311'; with interpreter 'cp311' the target accepts only 'abi3'");
        assertThat(reason(linux, "cp313-abi3-manylinux_2_17_x86_64"))
                .isEqualTo("INTERPRETER: needs 'cp313' (CPython 3.13); the target is 'cp312' (CPython 3.12)");
        assertThat(reason(linux, "pp310-pypy310_pp73-manylinux_2_17_x86_64"))
                .isEqualTo("INTERPRETER: needs 'pp310' (PyPy 3.10); the target is 'cp312' (CPython 3.12)");
        assertThat(reason(linux, "py2-none-any"))
                .isEqualTo("INTERPRETER: needs 'py2' (Python 2); the target is 'cp312' (CPython 3.12)");
        assertThat(reason(linux, "cp312-cp312-manylinux_2_31_x86_64"))
                .isEqualTo("PLATFORM: needs glibc 2.31; the target accepts glibc up to 2.28");
        assertThat(reason(linux, "cp312-cp312-manylinux_2_28_aarch64"))
                .isEqualTo("PLATFORM: is built for aarch64; the target accepts x86_64");
        assertThat(reason(linux, "cp312-cp312-musllinux_1_2_x86_64"))
                .isEqualTo("PLATFORM: is for Linux with musl 1.2 on x86_64; the target is Linux with glibc 2.28 on x86_64");
        assertThat(reason(linux, "cp312-cp312-win_amd64"))
                .isEqualTo("PLATFORM: is for Windows on amd64; the target is Linux with glibc 2.28 on x86_64");
        assertThat(reason(linux, "cp312-cp312-linux_aarch64"))
                .isEqualTo("PLATFORM: is built for aarch64; the target accepts x86_64");

        SupportedTags mac = Target.parse("cp311-macosx_14_0_arm64").supportedTags();
        assertThat(reason(mac, "cp311-cp311-macosx_10_9_x86_64"))
                .isEqualTo("PLATFORM: is built for x86_64; the target accepts arm64, universal2");
        assertThat(reason(mac, "cp311-cp311-macosx_15_0_arm64"))
                .isEqualTo("PLATFORM: needs macOS 15.0; the target accepts macOS up to 14.0");

        SupportedTags aarch64 = Target.parse("cp312-manylinux_2_28_aarch64").supportedTags();
        assertThat(reason(aarch64, "cp312-cp312-manylinux_2_12_aarch64"))
                .isEqualTo("PLATFORM: is for glibc 2.12, older than the target accepts on aarch64 (2.17 and later)");

        SupportedTags custom = SupportedTags.of(List.of(Tag.of("py3-none-t1"), Tag.of("py3-abi3-t2")));
        assertThat(reason(custom, "py3-none-t2")).startsWith("COMBINATION: the target accepts");
    }

    @Test
    void explainJoinsTheDistinctReasonsOfAWheel() {
        SupportedTags windows = Target.parse("cp313-win_amd64").supportedTags();
        assertThat(windows.explain(Tag.parse("cp313-cp313-manylinux2014_x86_64.manylinux_2_17_x86_64")))
                .contains("is for Linux with glibc 2.17 on x86_64; the target is Windows on amd64");
        assertThat(windows.incompatibilities(Tag.parse("cp313-cp313-manylinux2014_x86_64.win_amd64")))
                .extracting(Incompatibility::aspect).containsExactly(Aspect.PLATFORM);
        assertThat(windows.explain(Set.of())).contains("the wheel has no tags");
        assertThat(SupportedTags.of(List.of()).explain(Tag.parse("py3-none-any"))).contains("the target supports no tags at all");
    }

    private static String reason(SupportedTags supported, String tag) {
        List<Incompatibility> found = supported.incompatibilities(Tag.parse(tag));
        assertThat(found).hasSize(1);
        return found.get(0).aspect() + ": " + found.get(0).reason();
    }

    /** The tag set of a wheel file name: its last three dash-separated parts. */
    static Set<Tag> wheelTags(String filename) {
        String stem = filename.substring(0, filename.length() - ".whl".length());
        int platformDash = stem.lastIndexOf('-');
        int abiDash = stem.lastIndexOf('-', platformDash - 1);
        int interpreterDash = stem.lastIndexOf('-', abiDash - 1);
        return Tag.parse(stem.substring(interpreterDash + 1));
    }
}
