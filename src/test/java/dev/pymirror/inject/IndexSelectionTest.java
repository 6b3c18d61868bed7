package dev.pymirror.inject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IndexSelectionTest {

    private static final String OFFICIAL = "https://pypi.org/simple";

    private static List<String> urls(IndexSelection s) {
        return s.all().stream().map(Object::toString).toList();
    }

    private static IndexSelection choose(Map<String, String> env) {
        return IndexSelection.choose(env, IndexFlags.NONE);
    }

    @Test
    void withNothingSetTheMountedMirrorThenTheOfficialIndexWithAWarning() {
        IndexSelection s = choose(Map.of());
        assertThat(urls(s)).containsExactly("file:///tmp/pypi", OFFICIAL);
        assertThat(s.warnings()).containsExactly("no mirror set (DIB_PYPI_MIRROR_URL or --index-url): using "
                + "file:///tmp/pypi, where the mirror directory is mounted");
        assertThat(s.retries()).isEmpty();
        assertThat(s.easyInstallIndex()).hasToString("file:///tmp/pypi");
    }

    @Test
    void numberedMirrorsFollowInPlainStringOrderSoTenComesBeforeTwo() {
        Map<String, String> env = Map.of(
                "DIB_PYPI_MIRROR_URL", "http://m0/simple",
                "DIB_PYPI_MIRROR_URL_1", "http://m1/simple",
                "DIB_PYPI_MIRROR_URL_2", "http://m2/simple",
                "DIB_PYPI_MIRROR_URL_10", "http://m10/simple");
        IndexSelection s = choose(env);
        assertThat(urls(s)).containsExactly("http://m0/simple", "http://m1/simple", "http://m10/simple",
                "http://m2/simple", OFFICIAL);
        assertThat(s.primary()).hasToString("http://m0/simple");
        assertThat(s.easyInstallIndex()).hasToString("http://m2/simple");
        assertThat(s.trustedHosts()).containsExactly("m0", "m1", "m10", "m2");
        assertThat(s.warnings()).isEmpty();
    }

    @Test
    void aNumberedMirrorCountsWithoutTheUnnumberedOne() {
        // diskimage-builder's element ignores DIB_PYPI_MIRROR_URL_1 when DIB_PYPI_MIRROR_URL is unset.
        IndexSelection s = choose(Map.of("DIB_PYPI_MIRROR_URL_1", "https://m1/simple"));
        assertThat(urls(s)).containsExactly("https://m1/simple", OFFICIAL);
        assertThat(s.warnings()).isEmpty();
    }

    @Test
    void deprecatedVariablesStillCountAfterTheNewOnesWithAWarning() {
        IndexSelection s = choose(Map.of(
                "PYPI_MIRROR_URL", "http://old/simple",
                "PYPI_MIRROR_URL_1", "http://old1/simple",
                "DIB_PYPI_MIRROR_URL", "http://new/simple"));
        assertThat(urls(s)).containsExactly("http://new/simple", "http://old/simple", "http://old1/simple", OFFICIAL);
        assertThat(s.warnings()).containsExactly("PYPI_MIRROR_URL, PYPI_MIRROR_URL_1 are deprecated: use "
                + "DIB_PYPI_MIRROR_URL, DIB_PYPI_MIRROR_URL_1, ... instead");
        assertThat(choose(Map.of("PYPI_MIRROR_URL", "http://old/simple")).warnings())
                .containsExactly("PYPI_MIRROR_URL is deprecated: use DIB_PYPI_MIRROR_URL, DIB_PYPI_MIRROR_URL_1, ... instead");
    }

    @Test
    void emptyVariablesAreSkippedNotWrittenAsEmptyIndexes() {
        IndexSelection s = choose(Map.of("DIB_PYPI_MIRROR_URL", "http://m0/simple", "DIB_PYPI_MIRROR_URL_1", ""));
        assertThat(urls(s)).containsExactly("http://m0/simple", OFFICIAL);
        assertThat(s.warnings()).containsExactly("DIB_PYPI_MIRROR_URL_1 is empty: skipped");

        IndexSelection allEmpty = choose(Map.of("DIB_PYPI_MIRROR_URL", " "));
        assertThat(urls(allEmpty)).containsExactly("file:///tmp/pypi", OFFICIAL);
        assertThat(allEmpty.warnings()).hasSize(2);
    }

    @Test
    void lookalikeNamesAreReportedAndIgnored() {
        IndexSelection s = choose(Map.of("DIB_PYPI_MIRROR_URLS", "http://typo/simple", "DIB_PYPI_MIRROR_URL_", "http://x/"));
        assertThat(urls(s)).containsExactly("file:///tmp/pypi", OFFICIAL);
        assertThat(s.warnings()).contains(
                "ignoring DIB_PYPI_MIRROR_URLS: mirrors are named DIB_PYPI_MIRROR_URL or DIB_PYPI_MIRROR_URL_<suffix>",
                "ignoring DIB_PYPI_MIRROR_URL_: mirrors are named DIB_PYPI_MIRROR_URL or DIB_PYPI_MIRROR_URL_<suffix>");
    }

    @Test
    void offlineOrNoPypiPipDropTheOfficialIndexAnyNonEmptyValueCounts() {
        Map<String, String> base = Map.of("DIB_PYPI_MIRROR_URL", "http://m/simple");
        for (String variable : List.of("DIB_OFFLINE", "DIB_NO_PYPI_PIP")) {
            for (String value : List.of("1", "yes", "0")) {
                Map<String, String> env = new HashMap<>(base);
                env.put(variable, value);
                assertThat(urls(choose(env))).as(variable + "=" + value).containsExactly("http://m/simple");
            }
            Map<String, String> empty = new HashMap<>(base);
            empty.put(variable, "");
            assertThat(urls(choose(empty))).as(variable + " empty").containsExactly("http://m/simple", OFFICIAL);
        }
    }

    @Test
    void theOfficialIndexIsNotAddedTwice() {
        assertThat(urls(choose(Map.of("DIB_PYPI_MIRROR_URL", OFFICIAL)))).containsExactly(OFFICIAL);
    }

    @Test
    void aMirrorGivenTwiceIsUsedOnceAtItsFirstPlace() {
        IndexSelection s = choose(Map.of("DIB_PYPI_MIRROR_URL", "http://a/simple/", "DIB_PYPI_MIRROR_URL_1",
                "http://b/simple/", "DIB_PYPI_MIRROR_URL_2", "http://a/simple/"));
        assertThat(urls(s)).containsExactly("http://a/simple/", "http://b/simple/", OFFICIAL);
        assertThat(s.warnings()).containsExactly("a mirror was given more than once: each is used once, at its first place");
    }

    @Test
    void aServersRootIsWarnedAboutWithTheIndexItProbablyMeans() {
        IndexSelection s = choose(Map.of("DIB_PYPI_MIRROR_URL", "http://mirror:3141/", "DIB_PYPI_MIRROR_URL_1",
                "https://other", "DIB_PYPI_MIRROR_URL_2", "http://fine:8080/pypi/simple/"));
        // Still used as given: a tree served at a server's root is an index too.
        assertThat(urls(s)).containsExactly("http://mirror:3141/", "https://other", "http://fine:8080/pypi/simple/",
                OFFICIAL);
        assertThat(s.warnings()).containsExactly(
                "http://mirror:3141/ is the root of its server: pip will ask it for http://mirror:3141/<project>/;"
                        + " an index served by pymirror serve, or as a tree at /simple/, is at http://mirror:3141/simple/",
                "https://other is the root of its server: pip will ask it for https://other/<project>/;"
                        + " an index served by pymirror serve, or as a tree at /simple/, is at https://other/simple/");
        assertThat(choose(Map.of("DIB_PYPI_MIRROR_URL", "file:///tmp/pypi")).warnings()).isEmpty();
    }

    @Test
    void retriesComeFromDibPipRetries() {
        assertThat(choose(Map.of("DIB_PIP_RETRIES", "0")).retries()).isEqualTo(OptionalInt.of(0));
        assertThat(choose(Map.of("DIB_PIP_RETRIES", " 7 ")).retries()).isEqualTo(OptionalInt.of(7));
        assertThat(choose(Map.of("DIB_PIP_RETRIES", "")).retries()).isEmpty();
        assertThatThrownBy(() -> choose(Map.of("DIB_PIP_RETRIES", "three")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("DIB_PIP_RETRIES must be a whole number of retries (0 or more), not 'three'");
        assertThatThrownBy(() -> choose(Map.of("DIB_PIP_RETRIES", "-1")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("DIB_PIP_RETRIES must be 0 or more, not -1");
    }

    @Test
    void aMalformedMirrorIsAnErrorNamingItsVariable() {
        assertThatThrownBy(() -> choose(Map.of("DIB_PYPI_MIRROR_URL", "http://ok/", "DIB_PYPI_MIRROR_URL_3", "mirror:80")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("DIB_PYPI_MIRROR_URL_3 is not a valid index URL: 'mirror:80'");
    }

    @Test
    void flagsOverrideTheirVariables() {
        Map<String, String> env = Map.of("DIB_PYPI_MIRROR_URL", "http://env/simple", "PYPI_MIRROR_URL", "http://old/",
                "DIB_PIP_RETRIES", "not-a-number");
        IndexSelection s = IndexSelection.choose(env,
                new IndexFlags(List.of("file:///srv/mirror", "http://flag:8080/simple"), true, false, 2));
        assertThat(urls(s)).containsExactly("file:///srv/mirror", "http://flag:8080/simple");
        assertThat(s.retries()).isEqualTo(OptionalInt.of(2));
        assertThat(s.trustedHosts()).containsExactly("flag:8080");
        assertThat(s.warnings()).containsExactly("--index-url given: ignoring DIB_PYPI_MIRROR_URL, PYPI_MIRROR_URL");

        assertThat(urls(IndexSelection.choose(Map.of(), new IndexFlags(List.of(), false, true, null))))
                .containsExactly("file:///tmp/pypi");
        assertThatThrownBy(() -> IndexSelection.choose(Map.of(), new IndexFlags(List.of(), false, false, -3)))
                .hasMessage("--retries must be 0 or more, not -3");
        assertThatThrownBy(() -> IndexSelection.choose(Map.of(), new IndexFlags(List.of("nope"), false, false, null)))
                .hasMessageStartingWith("--index-url is not a valid index URL: 'nope'");
    }

    /**
     * Every combination of the mirror variables (set or not), DIB_OFFLINE and DIB_NO_PYPI_PIP, against
     * the rule as diskimage-builder documents it: the DIB_ names in string order, then the deprecated
     * ones, else file:///tmp/pypi; the official index last unless offline or told not to.
     */
    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("everyCombination")
    void everyCombinationOfVariables(Map<String, String> env) {
        List<String> dib = env.keySet().stream().filter(k -> k.startsWith("DIB_PYPI_MIRROR_URL")).sorted().toList();
        List<String> old = env.keySet().stream().filter(k -> k.startsWith("PYPI_MIRROR_URL")).sorted().toList();
        List<String> expected = new ArrayList<>();
        dib.forEach(k -> expected.add(env.get(k)));
        old.forEach(k -> expected.add(env.get(k)));
        if (expected.isEmpty()) {
            expected.add("file:///tmp/pypi");
        }
        String lastMirror = expected.get(expected.size() - 1);
        if (!env.containsKey("DIB_OFFLINE") && !env.containsKey("DIB_NO_PYPI_PIP")) {
            expected.add(OFFICIAL);
        }

        IndexSelection s = choose(env);
        assertThat(urls(s)).containsExactlyElementsOf(expected);
        assertThat(s.easyInstallIndex()).hasToString(lastMirror);
        assertThat(s.warnings().stream().anyMatch(w -> w.contains("deprecated"))).isEqualTo(!old.isEmpty());
        assertThat(s.warnings().stream().anyMatch(w -> w.startsWith("no mirror set"))).isEqualTo(dib.isEmpty() && old.isEmpty());
    }

    static Stream<Arguments> everyCombination() {
        List<String> names = List.of("DIB_PYPI_MIRROR_URL", "DIB_PYPI_MIRROR_URL_1", "DIB_PYPI_MIRROR_URL_2",
                "DIB_PYPI_MIRROR_URL_10", "PYPI_MIRROR_URL", "PYPI_MIRROR_URL_1", "DIB_OFFLINE", "DIB_NO_PYPI_PIP");
        return IntStream.range(0, 1 << names.size()).mapToObj(bits -> {
            Map<String, String> env = new java.util.TreeMap<>();
            for (int i = 0; i < names.size(); i++) {
                if ((bits & (1 << i)) != 0) {
                    String name = names.get(i);
                    env.put(name, name.contains("MIRROR") ? "http://" + name.toLowerCase().replace('_', '-') + "/simple" : "1");
                }
            }
            return Arguments.of(env);
        });
    }
}
