package dev.pymirror.sync.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pymirror.sync.resolve.InstallTarget;
import java.util.List;
import org.junit.jupiter.api.Test;

/** uv.lock files: reading, and what a target reaches from the workspace through the markers. */
class UvLockTest {

    static final InstallTarget LINUX_312 = InstallTarget.of("3.12", "manylinux_2_28_x86_64", "cp", List.of());
    static final InstallTarget LINUX_310 = InstallTarget.of("3.10", "manylinux_2_28_x86_64", "cp", List.of());
    static final InstallTarget WINDOWS_312 = InstallTarget.of("3.12", "win_amd64", "cp", List.of());
    static final InstallTarget PYPY = InstallTarget.of("3.10", "manylinux_2_28_x86_64", "pp", List.of());

    static final String LOCK = """
            version = 1
            revision = 3
            requires-python = ">=3.10"
            resolution-markers = [
                "python_full_version >= '3.11'",
                "python_full_version < '3.11'",
            ]
            supported-markers = [
                "platform_python_implementation != 'PyPy'",
            ]

            [[package]]
            name = "app"
            version = "0.1.0"
            source = { virtual = "." }
            dependencies = [
                { name = "celery", extra = ["redis"] },
                { name = "colorama", marker = "sys_platform == 'win32'" },
                { name = "numpy", version = "1.26.4", source = { registry = "https://pypi.org/simple" }, marker = "python_full_version < '3.11'" },
                { name = "numpy", version = "2.3.0", source = { registry = "https://pypi.org/simple" }, marker = "python_full_version >= '3.11'" },
                { name = "private", marker = "sys_platform == 'linux'" },
            ]

            [package.optional-dependencies]
            docs = [
                { name = "sphinx" },
            ]

            [package.dev-dependencies]
            dev = [
                { name = "pytest" },
            ]

            [[package]]
            name = "celery"
            version = "5.6.3"
            source = { registry = "https://pypi.org/simple" }
            dependencies = [
                { name = "kombu" },
            ]
            sdist = { url = "https://files.example/celery-5.6.3.tar.gz", hash = "sha256:177006bd2054b882e9f01be59abd8529e88879ef50d7918a7050c5a9f4e12912", size = 1742243, upload-time = "2026-03-26T12:14:51.112Z" }
            wheels = [
                { url = "https://files.example/celery-5.6.3-py3-none-any.whl", hash = "sha256:0808f42f80909c4d5833202360ffafb2a4f83f4d8e23e1285d926610e9a7afa6", size = 451235, upload-time = "2026-03-26T12:14:49.491Z" },
            ]

            [package.optional-dependencies]
            redis = [
                { name = "redis" },
            ]
            sqs = [
                { name = "boto3" },
            ]

            [[package]]
            name = "kombu"
            version = "5.5.0"
            source = { registry = "https://pypi.org/simple" }
            wheels = [{ url = "https://files.example/kombu-5.5.0-py3-none-any.whl", hash = "sha256:aa" }]

            [[package]]
            name = "redis"
            version = "6.0.0"
            source = { registry = "https://pypi.org/simple" }
            wheels = [{ url = "https://files.example/redis-6.0.0-py3-none-any.whl", hash = "sha256:bb" }]

            [[package]]
            name = "boto3"
            version = "1.43.0"
            source = { registry = "https://pypi.org/simple" }
            wheels = [{ url = "https://files.example/boto3-1.43.0-py3-none-any.whl", hash = "sha256:cc" }]

            [[package]]
            name = "colorama"
            version = "0.4.6"
            source = { registry = "https://pypi.org/simple" }
            wheels = [{ url = "https://files.example/colorama-0.4.6-py2.py3-none-any.whl", hash = "sha256:dd" }]

            [[package]]
            name = "numpy"
            version = "1.26.4"
            source = { registry = "https://pypi.org/simple" }
            resolution-markers = [
                "python_full_version < '3.11'",
            ]
            wheels = [{ url = "https://files.example/numpy-1.26.4-cp310-cp310-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", hash = "sha256:ee" }]

            [[package]]
            name = "numpy"
            version = "2.3.0"
            source = { registry = "https://pypi.org/simple" }
            resolution-markers = [
                "python_full_version >= '3.11'",
            ]
            wheels = [{ url = "https://files.example/numpy-2.3.0-cp312-cp312-manylinux_2_28_x86_64.whl", hash = "sha256:ff" }]

            [[package]]
            name = "private"
            version = "1.0"
            source = { git = "https://git.example/private.git?rev=v1#0123abcd" }

            [[package]]
            name = "sphinx"
            version = "8.0.0"
            source = { registry = "https://pypi.org/simple" }
            wheels = [{ url = "https://files.example/sphinx-8.0.0-py3-none-any.whl", hash = "sha256:01" }]

            [[package]]
            name = "pytest"
            version = "8.4.0"
            source = { registry = "https://pypi.org/simple" }
            wheels = [{ url = "https://files.example/pytest-8.4.0-py3-none-any.whl", hash = "sha256:02" }]

            [[package]]
            name = "unreached"
            version = "1.0"
            source = { registry = "https://pypi.org/simple" }
            wheels = [{ url = "https://files.example/unreached-1.0-py3-none-any.whl", hash = "sha256:03" }]
            """;

    @Test
    void readsPackagesFilesAndHashes() throws Exception {
        UvLock lock = UvLock.parse("uv.lock", LOCK);

        assertThat(lock.releaseCount()).isEqualTo(10);
        LockedRelease celery = lock.packages().get(1).release();
        assertThat(celery.release()).isEqualTo("celery 5.6.3");
        assertThat(celery.wheels()).singleElement().satisfies(w -> {
            assertThat(w.filename()).isEqualTo("celery-5.6.3-py3-none-any.whl");
            assertThat(w.hashes()).containsExactlyEntriesOf(java.util.Map.of("sha256",
                    "0808f42f80909c4d5833202360ffafb2a4f83f4d8e23e1285d926610e9a7afa6"));
            assertThat(w.size()).isEqualTo(451235);
            assertThat(w.uploadTime()).isEqualTo("2026-03-26T12:14:49.491Z");
        });
        assertThat(celery.sdist()).hasValueSatisfying(s -> assertThat(s.filename()).isEqualTo("celery-5.6.3.tar.gz"));
    }

    @Test
    void aTargetTakesWhatTheWorkspaceReachesThroughTheMarkersHoldingThere() throws Exception {
        UvLock lock = UvLock.parse("uv.lock", LOCK);

        // Extras asked by an edge (celery[redis]) are followed, others (sqs) are not; the workspace's
        // own optional dependencies and groups all are; numpy's edge names the fork for each Python.
        assertThat(names(lock.select(LINUX_312))).containsExactlyInAnyOrder(
                "celery 5.6.3", "kombu 5.5.0", "redis 6.0.0", "numpy 2.3.0", "sphinx 8.0.0", "pytest 8.4.0");
        assertThat(names(lock.select(LINUX_310))).contains("numpy 1.26.4").doesNotContain("numpy 2.3.0");
        assertThat(names(lock.select(WINDOWS_312))).contains("colorama 0.4.6", "numpy 2.3.0");
        assertThat(lock.select(LINUX_312).notes())
                .containsExactly("uv.lock: private comes from a git source, not from an index: not mirrored");
        assertThat(lock.select(WINDOWS_312).notes()).isEmpty();
    }

    @Test
    void anEdgeWithoutAVersionTakesTheForkWhoseResolutionMarkersHold() throws Exception {
        UvLock lock = UvLock.parse("uv.lock", LOCK.replace(
                "{ name = \"numpy\", version = \"1.26.4\", source = { registry = \"https://pypi.org/simple\" }, marker = \"python_full_version < '3.11'\" },\n", "")
                .replace("{ name = \"numpy\", version = \"2.3.0\", source = { registry = \"https://pypi.org/simple\" }, marker = \"python_full_version >= '3.11'\" }",
                        "{ name = \"numpy\" }"));

        assertThat(names(lock.select(LINUX_310))).contains("numpy 1.26.4").doesNotContain("numpy 2.3.0");
        assertThat(names(lock.select(LINUX_312))).contains("numpy 2.3.0").doesNotContain("numpy 1.26.4");
    }

    @Test
    void anEdgeUnderUvsConflictMarkersIsFollowed() throws Exception {
        // uv marks the edges of conflicting extras (cpu or cuda builds) with an extra of its own
        // making; the mirror serves either choice.
        UvLock lock = UvLock.parse("uv.lock", LOCK.replace("{ name = \"colorama\", marker = \"sys_platform == 'win32'\" }",
                "{ name = \"colorama\", marker = \"extra == 'extra-3-app-gpu'\" }"));

        assertThat(names(lock.select(LINUX_312))).contains("colorama 0.4.6");
    }

    @Test
    void targetsOutsideTheLockAreRefused() throws Exception {
        UvLock lock = UvLock.parse("uv.lock", LOCK);

        assertThatThrownBy(() -> lock.select(PYPY)).isInstanceOf(LockFileException.class)
                .hasMessageContaining("uv.lock: the target pp310-manylinux_2_28_x86_64 is none of the lock's"
                        + " supported-markers (platform_python_implementation != \"PyPy\")");
        assertThatThrownBy(() -> lock.select(InstallTarget.of("3.9", "manylinux_2_28_x86_64", "cp", List.of())))
                .hasMessageContaining("uv.lock: the lock is for Python >=3.10");
    }

    @Test
    void aLockWithoutAWorkspaceTakesEveryPackageOfTheTargetsFork() throws Exception {
        UvLock lock = UvLock.parse("uv.lock", LOCK.replace("source = { virtual = \".\" }", "source = { registry = \"https://pypi.org/simple\" }"));

        assertThat(names(lock.select(LINUX_312))).contains("unreached 1.0", "numpy 2.3.0", "app 0.1.0")
                .doesNotContain("numpy 1.26.4");
    }

    @Test
    void badInputIsNamed() {
        assertThatThrownBy(() -> UvLock.parse("uv.lock", "version = 2\n"))
                .hasMessage("uv.lock: version: is 2, a uv.lock version this pymirror does not read (it reads 1)");
        assertThatThrownBy(() -> UvLock.parse("uv.lock", "version = 1\n[[package]]\nname = \"x\"\nversion = \"1\"\n"
                + "source = { registry = \"u\" }\nwheels = [{ url = \"x-1-py3-none-any.whl\", hash = \"x\" }]\n"))
                .hasMessage("uv.lock: package[0].wheels[0].hash: 'x' is not ALGORITHM:HEX, such as sha256:...");
        assertThatThrownBy(() -> UvLock.parse("uv.lock", "version = 1\n[[package]\nname = \"x\"\n"))
                .message().matches("uv.lock:[23]:\\d+: not valid TOML: .*"); // the parser names the line it stopped on
    }

    @Test
    void theReaderKnowsEachFormatByNameOrByItsFirstKey() throws Exception {
        LockReader reader = new LockReader();

        assertThat(reader.parse("a/uv.lock", "uv.lock", LOCK)).isInstanceOf(UvLock.class);
        assertThat(reader.parse("b", "locked.toml", LOCK)).isInstanceOf(UvLock.class);
        assertThat(reader.parse("c", "pylock.web.toml", "lock-version = \"1.0\"\n")).isInstanceOf(PyLock.class);
        assertThat(reader.parse("d", "other.toml", "lock-version = \"1.0\"\n")).isInstanceOf(PyLock.class);
        assertThatThrownBy(() -> reader.parse("e.toml", "e.toml", "name = 1\n"))
                .hasMessageStartingWith("e.toml: neither a PEP 751 lock");
    }

    static List<String> names(LockSelection s) {
        return s.releases().stream().map(LockedRelease::release).toList();
    }
}
