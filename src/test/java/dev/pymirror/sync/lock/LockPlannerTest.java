package dev.pymirror.sync.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.packaging.metadata.CoreMetadata;
import dev.pymirror.simple.ProjectFile;
import dev.pymirror.sync.resolve.InstallTarget;
import dev.pymirror.sync.resolve.PackageIndex;
import dev.pymirror.sync.resolve.Resolution;
import dev.pymirror.sync.resolve.ResolvedPackage;
import dev.pymirror.sync.resolve.SdistPolicy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** From a lock's selection to one file per release and target, checked against the upstream's page. */
class LockPlannerTest {

    static final InstallTarget LINUX = PyLockTest.LINUX;
    static final InstallTarget WINDOWS = PyLockTest.WINDOWS;

    /** An upstream's pages in memory: the files each project lists. */
    static final class Pages implements PackageIndex {
        final Map<ProjectName, List<ProjectFile>> files = new HashMap<>();

        Pages add(String project, String filename, String sha256) {
            files.computeIfAbsent(ProjectName.of(project), k -> new java.util.ArrayList<>())
                    .add(ProjectFile.builder(filename, "https://upstream.example/files/" + filename)
                            .hash("sha256", sha256).build());
            return this;
        }

        @Override
        public List<ProjectFile> files(ProjectName project) {
            return files.getOrDefault(project, List.of());
        }

        @Override
        public CoreMetadata metadata(ProjectName project, ProjectFile file) {
            throw new AssertionError("a lock needs no metadata: " + file.filename());
        }
    }

    static Pages pepExamplePages() {
        return new Pages()
                .add("attrs", "attrs-25.1.0-py3-none-any.whl", "c75a69e28a550a7e93789579c22aa26b0f5b83b75dc4e08fe092980051e1090a")
                .add("attrs", "attrs-25.1.0.tar.gz", "00")
                .add("cattrs", "cattrs-24.1.2-py3-none-any.whl", "67c7495b760168d931a10233f979b28dc04daf853b30752246f4f8471c6d68d0")
                .add("numpy", "numpy-2.2.3-cp312-cp312-win_amd64.whl", "83807d445817326b4bcdaaaf8e8e9f1753da04341eceec705c001ff342002e5d")
                .add("numpy", "numpy-2.2.3-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
                        "3b787adbf04b0db1967798dba8da1af07e387908ed1553a0d6e74c084d1ceafe");
    }

    @Test
    void eachTargetGetsItsWheelAsTheUpstreamListsIt() throws Exception {
        PyLock lock = PyLock.parse("pylock.toml", PyLockTest.PEP_EXAMPLE);

        Map<InstallTarget, Resolution> plan = new LockPlanner(pepExamplePages(), SdistPolicy.NONE, "https://upstream.example/simple/")
                .plan(List.of(lock), List.of(LINUX, WINDOWS));

        assertThat(plan.get(LINUX).packages()).extracting(p -> p.candidate().file().filename()).containsExactly(
                "attrs-25.1.0-py3-none-any.whl", "cattrs-24.1.2-py3-none-any.whl",
                "numpy-2.2.3-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl");
        assertThat(plan.get(WINDOWS).packages()).extracting(p -> p.candidate().file().filename())
                .contains("numpy-2.2.3-cp312-cp312-win_amd64.whl");
        ResolvedPackage numpy = plan.get(LINUX).packages().get(2);
        assertThat(numpy.version()).hasToString("2.2.3");
        assertThat(numpy.candidate().file().url()).startsWith("https://upstream.example/files/numpy-2.2.3-");
        // The lock states what the page does not: the size, the upload time, Requires-Python.
        assertThat(numpy.candidate().file().size()).hasValue(16116679);
        assertThat(numpy.candidate().file().uploadTime()).hasValueSatisfying(t -> assertThat(t).hasToString("2025-02-13T16:50:00.079662Z"));
        assertThat(numpy.requiresPython()).hasValue(">= 3.10");
        assertThat(numpy.requiredBy()).containsExactly("pylock.toml");
    }

    @Test
    void aFileTheUpstreamNoLongerHasStopsThePlanNamingIt() throws Exception {
        PyLock lock = PyLock.parse("pylock.toml", PyLockTest.PEP_EXAMPLE);
        Pages pages = pepExamplePages();
        pages.files.get(ProjectName.of("numpy")).removeIf(f -> f.filename().contains("manylinux"));

        assertThatThrownBy(() -> new LockPlanner(pages, SdistPolicy.NONE, "https://upstream.example/simple/")
                .plan(List.of(lock), List.of(LINUX)))
                .isInstanceOf(LockedFileException.class)
                .hasMessage("pylock.toml: numpy 2.2.3: numpy-2.2.3-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"
                        + " is not on the upstream https://upstream.example/simple/ (its page of numpy lists 1 other files):"
                        + " the lock names a file the upstream no longer has, so nothing was mirrored");
    }

    @Test
    void aFileTheUpstreamListsWithOtherBytesIsRefused() throws Exception {
        PyLock lock = PyLock.parse("pylock.toml", PyLockTest.PEP_EXAMPLE);
        Pages pages = pepExamplePages();
        pages.files.put(ProjectName.of("cattrs"), new java.util.ArrayList<>());
        pages.add("cattrs", "cattrs-24.1.2-py3-none-any.whl", "ab".repeat(32));

        assertThatThrownBy(() -> new LockPlanner(pages, SdistPolicy.NONE, "https://upstream.example/simple/")
                .plan(List.of(lock), List.of(LINUX)))
                .isInstanceOf(LockedFileException.class)
                .hasMessageContaining("pylock.toml: cattrs 24.1.2: cattrs-24.1.2-py3-none-any.whl: the lock's sha256 is"
                        + " 67c7495b760168d931a10233f979b28dc04daf853b30752246f4f8471c6d68d0 but the upstream"
                        + " https://upstream.example/simple/ lists " + "ab".repeat(32));
    }

    @Test
    void aReleaseWithoutAFittingWheelIsANoteUnlessItsSdistIsAllowed() throws Exception {
        String text = """
                lock-version = "1.0"
                [[packages]]
                name = "petl"
                version = "1.7.20"
                sdist = { name = "petl-1.7.20.tar.gz", hashes = { sha256 = "11" } }
                wheels = [{ name = "petl-1.7.20-cp312-cp312-win_amd64.whl", hashes = { sha256 = "22" } }]
                """;
        PyLock lock = PyLock.parse("pylock.toml", text);
        Pages pages = new Pages().add("petl", "petl-1.7.20.tar.gz", "11").add("petl", "petl-1.7.20-cp312-cp312-win_amd64.whl", "22");

        Resolution wheelsOnly = new LockPlanner(pages, SdistPolicy.NONE, "u").plan(List.of(lock), List.of(LINUX)).get(LINUX);
        assertThat(wheelsOnly.packages()).isEmpty();
        assertThat(wheelsOnly.notes()).containsExactly("pylock.toml: petl 1.7.20 has no wheel for cp312-manylinux_2_28_x86_64"
                + " (it has 1: petl-1.7.20-cp312-cp312-win_amd64.whl): not mirrored for it (--allow-sdist petl mirrors its"
                + " sdist petl-1.7.20.tar.gz)");
        assertThat(new LockPlanner(pages, SdistPolicy.ALL, "u").plan(List.of(lock), List.of(LINUX, WINDOWS)))
                .satisfies(plan -> {
                    assertThat(plan.get(LINUX).packages().get(0).candidate().file().filename()).isEqualTo("petl-1.7.20.tar.gz");
                    assertThat(plan.get(WINDOWS).packages().get(0).candidate().file().filename())
                            .isEqualTo("petl-1.7.20-cp312-cp312-win_amd64.whl");
                });
    }
}
