package dev.pymirror.sync.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.packaging.requirements.Requirement;
import dev.pymirror.sync.reqfile.HashPins;
import dev.pymirror.sync.reqfile.Origin;
import dev.pymirror.sync.reqfile.RequirementEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ResolverTest {

    static final InstallTarget LINUX_312 = InstallTarget.of("3.12", "manylinux_2_28_x86_64", "cp", List.of());
    static final InstallTarget MUSL_ARM_311 = InstallTarget.of("3.11", "musllinux_1_2_aarch64", "cp", List.of());

    final GraphIndex index = new GraphIndex();

    /** The chosen releases as {@code name version} strings, sorted by name. */
    List<String> resolve(String... requirements) throws Exception {
        return resolve(LINUX_312, ResolveOptions.DEFAULT, List.of(), requirements);
    }

    List<String> resolve(InstallTarget target, ResolveOptions options, List<String> constraints, String... requirements)
            throws Exception {
        Resolution r = resolution(target, options, constraints, requirements);
        return r.packages().stream().map(p -> p.name().normalized() + " " + p.version()).toList();
    }

    Resolution resolution(InstallTarget target, ResolveOptions options, List<String> constraints,
            String... requirements) throws Exception {
        return new Resolver(index, options).resolve(entries("requirements.txt", requirements),
                entries("constraints.txt", constraints.toArray(String[]::new)), target);
    }

    static List<RequirementEntry> entries(String file, String... lines) {
        List<RequirementEntry> result = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            result.add(new RequirementEntry(Requirement.parse(lines[i]), HashPins.NONE, new Origin(file, i + 1)));
        }
        return result;
    }

    @Test
    void choosesTheNewestVersionsThroughAChain() throws Exception {
        index.release("a", "1.0").requires("b");
        index.release("a", "2.0").requires("b>=1.5");
        index.release("b", "1.0");
        index.release("b", "1.6").requires("c<3");
        index.release("c", "2.9");
        index.release("c", "3.0");

        assertThat(resolve("a")).containsExactly("a 2.0", "b 1.6", "c 2.9");
    }

    @Test
    void dependencyCyclesResolve() throws Exception {
        index.release("a", "1.0").requires("b");
        index.release("b", "1.0").requires("a");

        assertThat(resolve("a")).containsExactly("a 1.0", "b 1.0");
    }

    @Test
    void recordsWhoAskedForEachRelease() throws Exception {
        index.release("a", "1.0").requires("c");
        index.release("b", "1.0").requires("c>=1");
        index.release("c", "1.0");

        Resolution r = resolution(LINUX_312, ResolveOptions.DEFAULT, List.of(), "a", "b");

        assertThat(r.find(ProjectName.of("c")).orElseThrow().requiredBy()).containsExactly("a 1.0", "b 1.0");
        assertThat(r.find(ProjectName.of("a")).orElseThrow().requiredBy()).containsExactly("requirements.txt:1");
    }

    @Nested
    class Backtracking {

        @Test
        void givesUpANewerReleaseWhoseDependencyConflictsWithAnotherRoot() throws Exception {
            index.release("a", "1.0").requires("b<2");
            index.release("a", "2.0").requires("b>=2");
            index.release("b", "1.0");
            index.release("b", "2.0");
            index.release("c", "1.0").requires("b<2");

            assertThat(resolve("a", "c")).containsExactly("a 1.0", "b 1.0", "c 1.0");
        }

        @Test
        void backtracksThroughAnIntermediateProject() throws Exception {
            index.release("app", "1.0").requires("x");
            index.release("x", "1.0").requires("lib<2");
            index.release("x", "2.0").requires("lib>=2");
            index.release("lib", "1.0");
            index.release("lib", "2.0");
            index.release("other", "1.0").requires("lib==1.0");

            assertThat(resolve("app", "other")).containsExactly("app 1.0", "lib 1.0", "other 1.0", "x 1.0");
        }

        @Test
        void jumpsBackOverChoicesThatPlayNoPartInTheConflict() throws Exception {
            // a's newest release conflicts with z; twelve unrelated projects with five versions each
            // are chosen in between. Plain backtracking would try 5^12 combinations of them before
            // changing a; backjumping goes straight back to a.
            index.release("a", "1.0").requires("shared<2");
            index.release("a", "2.0").requires("shared>=2");
            index.release("shared", "1.0");
            index.release("shared", "2.0");
            List<String> roots = new ArrayList<>(List.of("a"));
            for (int p = 0; p < 12; p++) {
                for (int v = 1; v <= 5; v++) {
                    index.release("filler" + p, v + ".0");
                }
                roots.add("filler" + p);
            }
            index.release("z", "1.0").requires("shared<2");
            roots.add("z");
            ResolveOptions patient = ResolveOptions.DEFAULT.withMaxAttempts(200);

            List<String> chosen = resolve(LINUX_312, patient, List.of(), roots.toArray(String[]::new));

            assertThat(chosen).contains("a 1.0", "shared 1.0", "z 1.0", "filler0 5.0", "filler11 5.0");
        }

        @Test
        void triesOlderReleasesWhenADependencyDoesNotExist() throws Exception {
            index.release("a", "1.0").requires("b");
            index.release("a", "2.0").requires("gone>=1");
            index.release("b", "1.0");

            assertThat(resolve("a")).containsExactly("a 1.0", "b 1.0");
        }
    }

    @Nested
    class Conflicts {

        @Test
        void areReportedAsAChainOfWhoRequiresWhat() throws Exception {
            index.release("a", "2.0").requires("b<1");
            index.release("c", "3.1").requires("b>=2");
            index.release("b", "0.9");
            index.release("b", "2.1");

            assertThatThrownBy(() -> resolve("a", "c"))
                    .isInstanceOf(ResolutionException.class)
                    .satisfies(e -> {
                        ResolutionException re = (ResolutionException) e;
                        assertThat(re.conflict().chain()).isEqualTo("a 2.0 requires b<1, c 3.1 requires b>=2");
                        assertThat(re.getMessage())
                                .startsWith("cannot resolve for cp312-manylinux_2_28_x86_64: no version of b satisfies"
                                        + " a 2.0 requires b<1, c 3.1 requires b>=2")
                                .contains("a 2.0 <- requirements.txt:1")
                                .contains("c 3.1 <- requirements.txt:2")
                                .contains("b has 2.1, 0.9 for cp312-manylinux_2_28_x86_64")
                                .doesNotContain("Exception").doesNotContain("\tat ");
                    });
        }

        @Test
        void nameTheChainThatBroughtEachReleaseIn() throws Exception {
            index.release("app", "1.0").requires("mid");
            index.release("mid", "1.0").requires("leaf==1.0");
            index.release("leaf", "1.0");
            index.release("leaf", "2.0");

            assertThatThrownBy(() -> resolve("app", "leaf>=2"))
                    .hasMessageContaining("mid 1.0 requires leaf==1.0")
                    .hasMessageContaining("requirements.txt:2 requires leaf>=2")
                    .hasMessageContaining("mid 1.0 <- app 1.0 <- requirements.txt:1");
        }

        @Test
        void betweenTwoUserRequirementsNeedNoChoice() throws Exception {
            index.release("a", "1.0");
            index.release("a", "2.0");

            assertThatThrownBy(() -> resolve("a>=2", "a<2"))
                    .hasMessageContaining("requirements.txt:1 requires a>=2, requirements.txt:2 requires a<2");
        }

        @Test
        void aMissingProjectIsNamed() {
            assertThatThrownBy(() -> resolve("nowhere"))
                    .hasMessageContaining("the index has no project named nowhere");
        }

        @Test
        void aProjectWithNoFileForTheTargetSaysWhyNot() {
            index.release("native", "1.0").tag("cp311-cp311-win_amd64");

            assertThatThrownBy(() -> resolve("native"))
                    .hasMessageContaining("native has no file for cp312-manylinux_2_28_x86_64")
                    .hasMessageContaining("native-1.0-cp311-cp311-win_amd64.whl");
        }

        @Test
        void aSearchThatRunsOutOfPatienceSaysSo() {
            for (int v = 1; v <= 9; v++) {
                index.release("a", v + ".0").requires("b==" + v + ".0");
                index.release("b", v + ".0").requires("c==" + v + ".0");
                index.release("c", v + ".0").requires("d==99");
            }

            assertThatThrownBy(() -> resolve(LINUX_312, ResolveOptions.DEFAULT.withMaxAttempts(5), List.of(), "a"))
                    .isInstanceOf(ResolutionException.class)
                    .hasMessageContaining("gave up resolving for cp312-manylinux_2_28_x86_64 after trying 5 candidates");
        }
    }

    @Nested
    class Extras {

        @Test
        void addTheirDependenciesOnlyWhenAskedFor() throws Exception {
            index.release("web", "1.0").extra("async").requires("core", "uvloop; extra == 'async'");
            index.release("core", "1.0");
            index.release("uvloop", "1.0");

            assertThat(resolve("web")).containsExactly("core 1.0", "web 1.0");
            assertThat(resolve("web[async]")).containsExactly("core 1.0", "uvloop 1.0", "web 1.0");
        }

        @Test
        void askedForLaterAddTheirDependenciesToAReleaseAlreadyChosen() throws Exception {
            index.release("app", "1.0").requires("web", "plugin");
            index.release("plugin", "1.0").requires("web[async]");
            index.release("web", "1.0").extra("async").requires("uvloop; extra == 'async'");
            index.release("uvloop", "1.0");

            Resolution r = resolution(LINUX_312, ResolveOptions.DEFAULT, List.of(), "app");

            assertThat(r.packages()).extracting(p -> p.name().normalized())
                    .containsExactly("app", "plugin", "uvloop", "web");
            assertThat(r.find(ProjectName.of("web")).orElseThrow().extras()).containsExactly("async");
            assertThat(r.find(ProjectName.of("uvloop")).orElseThrow().requiredBy()).containsExactly("web 1.0 [async]");
        }

        @Test
        void combineWithMarkers() throws Exception {
            index.release("web", "1.0").extra("speed")
                    .requires("uvloop; extra == 'speed' and sys_platform != 'win32'",
                            "winloop; extra == 'speed' and sys_platform == 'win32'");
            index.release("uvloop", "1.0");
            index.release("winloop", "1.0");

            assertThat(resolve("web[speed]")).containsExactly("uvloop 1.0", "web 1.0");
        }

        @Test
        void thatAProjectRequiresOfItselfAreFollowed() throws Exception {
            index.release("kit", "1.0").extra("a", "b", "all")
                    .requires("one; extra == 'a'", "two; extra == 'b'", "kit[a,b]; extra == 'all'");
            index.release("one", "1.0");
            index.release("two", "1.0");

            assertThat(resolve("kit[all]")).containsExactly("kit 1.0", "one 1.0", "two 1.0");
        }

        @Test
        void thatDoNotExistAreNoted() throws Exception {
            index.release("web", "1.0").extra("async");

            Resolution r = resolution(LINUX_312, ResolveOptions.DEFAULT, List.of(), "web[nope]");

            assertThat(r.notes()).contains("web 1.0 has no extra 'nope'; it was asked for and ignored");
        }

        @Test
        void triggerBacktrackingWhenTheyConflict() throws Exception {
            index.release("web", "1.0").extra("async").requires("loop<2; extra == 'async'");
            index.release("web", "2.0").extra("async").requires("loop>=2; extra == 'async'");
            index.release("loop", "1.0");
            index.release("loop", "2.0");

            assertThat(resolve("web[async]", "loop<2")).containsExactly("loop 1.0", "web 1.0");
        }
    }

    @Nested
    class Markers {

        @Test
        void areEvaluatedInTheTargetsEnvironment() throws Exception {
            index.release("app", "1.0").requires(
                    "win-only; sys_platform == 'win32'",
                    "arm-only; platform_machine == 'aarch64'",
                    "old-python; python_version < '3.12'",
                    "musl-safe; sys_platform == 'linux'");
            for (String name : List.of("win-only", "arm-only", "old-python", "musl-safe")) {
                index.release(name, "1.0");
            }

            assertThat(resolve(LINUX_312, ResolveOptions.DEFAULT, List.of(), "app"))
                    .containsExactly("app 1.0", "musl-safe 1.0");
            assertThat(resolve(MUSL_ARM_311, ResolveOptions.DEFAULT, List.of(), "app"))
                    .containsExactly("app 1.0", "arm-only 1.0", "musl-safe 1.0", "old-python 1.0");
        }

        @Test
        void onTheUsersRequirementsAreEvaluatedToo() throws Exception {
            index.release("a", "1.0");
            index.release("b", "1.0");

            Resolution r = resolution(LINUX_312, ResolveOptions.DEFAULT, List.of(), "a", "b; python_version < '3.10'");

            assertThat(r.packages()).extracting(p -> p.name().normalized()).containsExactly("a");
            assertThat(r.notes()).anyMatch(n -> n.startsWith("requirements.txt:2: b; python_version < \"3.10\" does not apply"));
        }
    }

    @Nested
    class Yanked {

        @Test
        void filesArePassedOver() throws Exception {
            index.release("a", "1.0");
            index.release("a", "1.1").yanked();

            assertThat(resolve("a")).containsExactly("a 1.0");
            assertThat(resolve("a>=1.0")).containsExactly("a 1.0");
        }

        @Test
        void filesAreChosenWhenPinnedWithEquals() throws Exception {
            index.release("a", "1.0");
            index.release("a", "1.1").yanked();

            assertThat(resolve("a==1.1")).containsExactly("a 1.1");
            assertThat(resolve("a===1.1")).containsExactly("a 1.1");
        }

        @Test
        void filesAreNotChosenByARangeEvenWhenNothingElseMatches() {
            index.release("a", "1.0");
            index.release("a", "1.1").yanked();

            assertThatThrownBy(() -> resolve("a>1.0")).isInstanceOf(ResolutionException.class);
            assertThatThrownBy(() -> resolve("a==1.1.*")).isInstanceOf(ResolutionException.class);
        }
    }

    @Nested
    class PreReleases {

        @Test
        void areNotChosenWhenAFinalReleaseMatches() throws Exception {
            index.release("a", "1.0");
            index.release("a", "2.0b1");

            assertThat(resolve("a")).containsExactly("a 1.0");
        }

        @Test
        void areChosenWhenASpecifierNamesOne() throws Exception {
            index.release("a", "1.0");
            index.release("a", "2.0b1");

            assertThat(resolve("a>=2.0b1")).containsExactly("a 2.0b1");
        }

        @Test
        void areChosenWhenNothingElseMatches() throws Exception {
            index.release("a", "1.0");
            index.release("a", "2.0rc1");

            assertThat(resolve("a>1.0")).containsExactly("a 2.0rc1");
        }

        @Test
        void areChosenEverywhereWhenAllowed() throws Exception {
            index.release("a", "1.0").requires("b");
            index.release("a", "1.1.dev3").requires("b");
            index.release("b", "1.0");
            index.release("b", "1.1a1");

            assertThat(resolve(LINUX_312, ResolveOptions.DEFAULT.withPrereleases(true), List.of(), "a"))
                    .containsExactly("a 1.1.dev3", "b 1.1a1");
        }
    }

    @Nested
    class RequiresPython {

        @Test
        void onThePagePassesOverFilesForOtherPythons() throws Exception {
            index.release("a", "1.0").pageRequiresPython(">=3.8");
            index.release("a", "2.0").pageRequiresPython(">=3.13");

            assertThat(resolve("a")).containsExactly("a 1.0");
        }

        @Test
        void inTheMetadataOnlyPassesOverTheRelease() throws Exception {
            index.release("a", "1.0");
            index.release("a", "2.0").requiresPython(">=3.13");

            Resolution r = resolution(LINUX_312, ResolveOptions.DEFAULT, List.of(), "a");

            assertThat(r.packages()).extracting(p -> p.version().toString()).containsExactly("1.0");
            assertThat(r.notes()).contains("passed over a-2.0-py3-none-any.whl: its metadata requires Python >=3.13,"
                    + " and cp312-manylinux_2_28_x86_64 has 3.12.0");
        }

        @Test
        void isExplainedWhenNoReleaseFits() {
            index.release("a", "2.0").pageRequiresPython(">=3.13");

            assertThatThrownBy(() -> resolve("a"))
                    .hasMessageContaining("a has no file for cp312-manylinux_2_28_x86_64")
                    .hasMessageContaining("2.0: requires Python >=3.13");
        }
    }

    @Nested
    class Wheels {

        @Test
        void theBestWheelByTheTargetsTagPriorityIsChosen() throws Exception {
            for (String tag : List.of("py3-none-any", "cp312-abi3-manylinux_2_17_x86_64", "cp312-cp312-manylinux_2_17_x86_64",
                    "cp312-cp312-manylinux_2_28_x86_64", "cp312-cp312-manylinux_2_34_x86_64", "cp312-cp312-musllinux_1_2_x86_64")) {
                index.release("fast", "1.0").tag(tag);
            }

            Resolution r = resolution(LINUX_312, ResolveOptions.DEFAULT, List.of(), "fast");

            assertThat(r.packages().get(0).candidate().file().filename())
                    .isEqualTo("fast-1.0-cp312-cp312-manylinux_2_28_x86_64.whl");
        }

        @Test
        void eachTargetGetsItsOwnWheel() throws Exception {
            index.release("fast", "1.0").tag("cp312-cp312-manylinux_2_17_x86_64");
            index.release("fast", "1.0").tag("cp311-cp311-musllinux_1_1_aarch64");

            assertThat(resolution(LINUX_312, ResolveOptions.DEFAULT, List.of(), "fast").packages().get(0)
                    .candidate().file().filename()).isEqualTo("fast-1.0-cp312-cp312-manylinux_2_17_x86_64.whl");
            assertThat(resolution(MUSL_ARM_311, ResolveOptions.DEFAULT, List.of(), "fast").packages().get(0)
                    .candidate().file().filename()).isEqualTo("fast-1.0-cp311-cp311-musllinux_1_1_aarch64.whl");
        }

        @Test
        void anOlderReleaseIsChosenWhenTheNewestHasNoWheelForTheTarget() throws Exception {
            index.release("fast", "1.0").tag("cp312-cp312-manylinux_2_17_x86_64");
            index.release("fast", "2.0").tag("cp312-cp312-manylinux_2_39_x86_64");

            assertThat(resolve("fast")).containsExactly("fast 1.0");
        }
    }

    @Nested
    class Sdists {

        @Test
        void areNotChosenUnlessAllowed() throws Exception {
            index.release("a", "1.0");
            index.release("a", "2.0").sdist("2.2");

            assertThat(resolve("a")).containsExactly("a 1.0");
            ResolveOptions sdists = ResolveOptions.DEFAULT.withSdists(SdistPolicy.only(Set.of(ProjectName.of("a"))));
            assertThat(resolve(LINUX_312, sdists, List.of(), "a")).containsExactly("a 2.0");
        }

        @Test
        void withReliableMetadataHaveTheirDependenciesFollowed() throws Exception {
            index.release("a", "1.0").sdist("2.2").requires("b");
            index.release("b", "1.0");

            Resolution r = resolution(LINUX_312, ResolveOptions.DEFAULT.withSdists(SdistPolicy.ALL), List.of(), "a");

            assertThat(r.packages()).extracting(p -> p.release()).containsExactly("a 1.0", "b 1.0");
            assertThat(r.unfollowed()).isEmpty();
        }

        @Test
        void withUnreliableMetadataAreReported() throws Exception {
            index.release("old", "1.0").sdist("2.1").requires("b");
            index.release("dyn", "1.0").sdist("2.2").dynamic("Requires-Dist").requires("b");
            index.release("b", "1.0");

            Resolution r = resolution(LINUX_312, ResolveOptions.DEFAULT.withSdists(SdistPolicy.ALL), List.of(),
                    "old", "dyn");

            assertThat(r.packages()).extracting(p -> p.release()).containsExactly("dyn 1.0", "old 1.0");
            assertThat(r.unfollowed()).extracting(p -> p.release()).containsExactly("dyn 1.0", "old 1.0");
            assertThat(r.notes()).anyMatch(n -> n.startsWith("old 1.0 is an sdist whose PKG-INFO (metadata 2.1)"))
                    .anyMatch(n -> n.startsWith("dyn 1.0 is an sdist whose PKG-INFO (metadata 2.2, dynamic requires-dist)"));
        }

        @Test
        void rankBelowAWheelOfTheSameVersion() throws Exception {
            index.release("a", "1.0").sdist("2.2");
            index.release("a", "1.0");

            Resolution r = resolution(LINUX_312, ResolveOptions.DEFAULT.withSdists(SdistPolicy.ALL), List.of(), "a");

            assertThat(r.packages().get(0).candidate().isWheel()).isTrue();
        }
    }

    @Nested
    class HashesAndConstraints {

        @Test
        void hashPinsLimitTheFilesThatMayBeChosen() throws Exception {
            index.release("a", "1.0").sha256("aa".repeat(32));
            index.release("a", "1.0").tag("cp312-cp312-manylinux_2_17_x86_64").sha256("bb".repeat(32));
            RequirementEntry pinned = new RequirementEntry(Requirement.parse("a==1.0"),
                    HashPins.parse("sha256:" + "aa".repeat(32)), new Origin("requirements.txt", 1));

            Resolution r = new Resolver(index, ResolveOptions.DEFAULT).resolve(List.of(pinned), List.of(), LINUX_312);

            assertThat(r.packages().get(0).candidate().file().filename()).isEqualTo("a-1.0-py3-none-any.whl");
            assertThat(r.packages().get(0).hashes()).isEqualTo(pinned.hashes());
        }

        @Test
        void aHashThatNoFileHasFailsTheResolution() {
            index.release("a", "1.0");
            RequirementEntry pinned = new RequirementEntry(Requirement.parse("a==1.0"),
                    HashPins.parse("sha256:" + "cc".repeat(32)), new Origin("requirements.txt", 1));

            assertThatThrownBy(() -> new Resolver(index, ResolveOptions.DEFAULT).resolve(List.of(pinned), List.of(), LINUX_312))
                    .isInstanceOf(ResolutionException.class)
                    .hasMessageContaining("requirements.txt:1 requires a==1.0");
        }

        @Test
        void constraintsLimitVersionsButAddNothing() throws Exception {
            index.release("a", "1.0").requires("b");
            index.release("b", "1.0");
            index.release("b", "2.0");
            index.release("c", "1.0");

            assertThat(resolve(LINUX_312, ResolveOptions.DEFAULT, List.of("b<2", "c==1.0"), "a"))
                    .containsExactly("a 1.0", "b 1.0");
        }
    }

    @Nested
    class Metadata {

        @Test
        void thatContradictsTheFileNamePassesTheFileOver() throws Exception {
            index.release("a", "1.0");
            index.release("a", "2.0").metadataSays("a 3.0");

            Resolution r = resolution(LINUX_312, ResolveOptions.DEFAULT, List.of(), "a");

            assertThat(r.packages()).extracting(p -> p.release()).containsExactly("a 1.0");
            assertThat(r.notes()).contains("passed over a-2.0-py3-none-any.whl: its metadata describes a 3.0");
        }

        @Test
        void isReadOnlyForReleasesTheSearchTries() throws Exception {
            for (int v = 1; v <= 50; v++) {
                index.release("a", v + ".0");
            }

            resolve("a");

            assertThat(index.metadataReads()).isEqualTo(1);
        }
    }

    @Test
    void resolvesSeveralTargetsAtOnce() throws Exception {
        index.release("app", "1.0").requires("fast", "colorama; sys_platform == 'win32'");
        index.release("fast", "1.0").tag("cp312-cp312-manylinux_2_17_x86_64");
        index.release("fast", "1.0").tag("cp311-cp311-musllinux_1_2_aarch64");
        index.release("colorama", "1.0");
        InstallTarget windows = InstallTarget.of("3.12", "win_amd64", "cp", List.of());

        Map<InstallTarget, Resolution> all = new Resolver(index, ResolveOptions.DEFAULT)
                .resolveAll(entries("r.txt", "app"), List.of(), List.of(LINUX_312, MUSL_ARM_311));

        Map<String, List<String>> files = new LinkedHashMap<>();
        all.forEach((t, r) -> files.put(t.name(), r.packages().stream().map(p -> p.candidate().toString()).toList()));
        assertThat(files).containsExactly(
                Map.entry("cp312-manylinux_2_28_x86_64", List.of("app-1.0-py3-none-any.whl",
                        "fast-1.0-cp312-cp312-manylinux_2_17_x86_64.whl")),
                Map.entry("cp311-musllinux_1_2_aarch64", List.of("app-1.0-py3-none-any.whl",
                        "fast-1.0-cp311-cp311-musllinux_1_2_aarch64.whl")));
        assertThatThrownBy(() -> new Resolver(index, ResolveOptions.DEFAULT)
                .resolveAll(entries("r.txt", "app"), List.of(), List.of(LINUX_312, windows)))
                .hasMessageContaining("cannot resolve for cp312-win_amd64")
                .hasMessageContaining("fast has no file for cp312-win_amd64");
    }
}
