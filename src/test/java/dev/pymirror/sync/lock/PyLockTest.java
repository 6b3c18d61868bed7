package dev.pymirror.sync.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pymirror.sync.resolve.InstallTarget;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PEP 751 lock files: reading, and which packages a target takes. */
class PyLockTest {

    static final InstallTarget LINUX = InstallTarget.of("3.12", "manylinux_2_28_x86_64", "cp", List.of());
    static final InstallTarget WINDOWS = InstallTarget.of("3.12", "win_amd64", "cp", List.of());
    static final InstallTarget MAC = InstallTarget.of("3.12", "macosx_14_0_arm64", "cp", List.of());

    /** The example lock of PEP 751's text (mousebender's), with the URLs shortened. */
    static final String PEP_EXAMPLE = """
            lock-version = '1.0'
            environments = ["sys_platform == 'win32'", "sys_platform == 'linux'"]
            requires-python = '== 3.12'
            created-by = 'mousebender'

            [[packages]]
            name = 'attrs'
            version = '25.1.0'
            requires-python = '>= 3.8'

                [[packages.wheels]]
                name = 'attrs-25.1.0-py3-none-any.whl'
                upload-time = 2025-01-25T11:30:10.164985+00:00
                url = 'https://files.example/packages/attrs-25.1.0-py3-none-any.whl'
                size = 63152
                hashes = {sha256 = 'c75a69e28a550a7e93789579c22aa26b0f5b83b75dc4e08fe092980051e1090a'}

                [[packages.attestation-identities]]
                environment = 'release-pypi'
                kind = 'GitHub'
                repository = 'python-attrs/attrs'
                workflow = 'pypi-package.yml'

            [[packages]]
            name = 'cattrs'
            version = '24.1.2'
            requires-python = '>= 3.8'
            dependencies = [
                {name = 'attrs'},
            ]

                [[packages.wheels]]
                name = 'cattrs-24.1.2-py3-none-any.whl'
                upload-time = 2024-09-22T14:58:34.812643+00:00
                url = 'https://files.example/packages/cattrs-24.1.2-py3-none-any.whl'
                size = 66446
                hashes = {sha256 = '67c7495b760168d931a10233f979b28dc04daf853b30752246f4f8471c6d68d0'}

            [[packages]]
            name = 'numpy'
            version = '2.2.3'
            requires-python = '>= 3.10'

                [[packages.wheels]]
                name = 'numpy-2.2.3-cp312-cp312-win_amd64.whl'
                upload-time = 2025-02-13T16:51:21.821880+00:00
                url = 'https://files.example/packages/numpy-2.2.3-cp312-cp312-win_amd64.whl'
                size = 12626357
                hashes = {sha256 = '83807d445817326b4bcdaaaf8e8e9f1753da04341eceec705c001ff342002e5d'}

                [[packages.wheels]]
                name = 'numpy-2.2.3-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl'
                upload-time = 2025-02-13T16:50:00.079662+00:00
                url = 'https://files.example/packages/numpy-2.2.3-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl'
                size = 16116679
                hashes = {sha256 = '3b787adbf04b0db1967798dba8da1af07e387908ed1553a0d6e74c084d1ceafe'}

            [tool.mousebender]
            command = ['.', 'lock', '--platform', 'cpython3.12-windows-x64', 'cattrs', 'numpy']
            run-on = 2025-03-06T12:28:57.760769-08:00
            """;

    @Test
    void readsThePepsExample() throws Exception {
        PyLock lock = PyLock.parse("pylock.toml", PEP_EXAMPLE);

        assertThat(lock.packages()).extracting(e -> e.release().release())
                .containsExactly("attrs 25.1.0", "cattrs 24.1.2", "numpy 2.2.3");
        LockedRelease numpy = lock.packages().get(2).release();
        assertThat(numpy.wheels()).extracting(LockedFile::filename).containsExactly(
                "numpy-2.2.3-cp312-cp312-win_amd64.whl",
                "numpy-2.2.3-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl");
        LockedFile first = numpy.wheels().get(0);
        assertThat(first.hashes()).containsEntry("sha256", "83807d445817326b4bcdaaaf8e8e9f1753da04341eceec705c001ff342002e5d");
        assertThat(first.size()).isEqualTo(12626357);
        assertThat(first.uploadTime()).startsWith("2025-02-13T16:51:21.82188");
        assertThat(numpy.requiresPython()).isEqualTo(">= 3.10");
    }

    @Test
    void aTargetTheEnvironmentsLeaveOutIsRefused() throws Exception {
        PyLock lock = PyLock.parse("pylock.toml", PEP_EXAMPLE);

        assertThat(lock.select(LINUX).releases()).hasSize(3);
        assertThat(lock.select(WINDOWS).releases()).hasSize(3);
        assertThatThrownBy(() -> lock.select(MAC)).isInstanceOf(LockFileException.class)
                .hasMessageContaining("pylock.toml: the target cp312-macosx_14_0_arm64 is none of the lock's environments");
    }

    @Test
    void aTargetOfAnotherPythonIsRefused() throws Exception {
        PyLock lock = PyLock.parse("pylock.toml", PEP_EXAMPLE.replace("requires-python = '== 3.12'", "requires-python = '>=3.13'"));

        assertThatThrownBy(() -> lock.select(LINUX)).isInstanceOf(LockFileException.class)
                .hasMessageContaining("the lock is for Python >=3.13").hasMessageContaining("cp312-manylinux_2_28_x86_64");
    }

    @Test
    void packageMarkersAndRequiresPythonChooseWhatATargetTakes() throws Exception {
        PyLock lock = PyLock.parse("pylock.toml", """
                lock-version = "1.0"
                extras = ["crypto"]
                dependency-groups = ["dev", "docs"]
                default-groups = ["dev"]
                [[packages]]
                name = "always"
                version = "1"
                wheels = [{ name = "always-1-py3-none-any.whl", hashes = { sha256 = "aa" } }]
                [[packages]]
                name = "windows-only"
                version = "1"
                marker = "sys_platform == 'win32'"
                wheels = [{ name = "windows_only-1-py3-none-any.whl", hashes = { sha256 = "bb" } }]
                [[packages]]
                name = "old-python"
                version = "1"
                requires-python = "<3.9"
                wheels = [{ name = "old_python-1-py3-none-any.whl", hashes = { sha256 = "cc" } }]
                [[packages]]
                name = "with-extra"
                version = "1"
                marker = "'crypto' in extras"
                wheels = [{ name = "with_extra-1-py3-none-any.whl", hashes = { sha256 = "dd" } }]
                [[packages]]
                name = "docs-group"
                version = "1"
                marker = "'docs' in dependency_groups and sys_platform == 'linux'"
                wheels = [{ name = "docs_group-1-py3-none-any.whl", hashes = { sha256 = "ee" } }]
                [[packages]]
                name = "without-extra"
                version = "1"
                marker = "'crypto' not in extras"
                wheels = [{ name = "without_extra-1-py3-none-any.whl", hashes = { sha256 = "ff" } }]
                [[packages]]
                name = "from-git"
                version = "1"
                vcs = { type = "git", url = "https://example/repo.git", commit-id = "abc" }
                """);

        LockSelection linux = lock.select(LINUX);
        assertThat(linux.releases()).extracting(r -> r.name().normalized())
                .containsExactly("always", "with-extra", "docs-group", "without-extra");
        assertThat(lock.select(WINDOWS).releases()).extracting(r -> r.name().normalized())
                .containsExactly("always", "windows-only", "with-extra", "without-extra");
        assertThat(linux.notes()).containsExactly("pylock.toml: from-git comes from version control, not from an index: not mirrored");
    }

    @Test
    void brokenTomlIsReportedWithItsLine() {
        assertThatThrownBy(() -> PyLock.parse("pylock.toml", "lock-version = \"1.0\"\n\n[[packages]]\nname = \"x\nversion = 1\n"))
                .isInstanceOf(LockFileException.class)
                .hasMessageStartingWith("pylock.toml:4:")
                .hasMessageContaining("not valid TOML");
    }

    @Test
    void anUnknownLockVersionIsRefusedAndANewerMinorNoted() throws Exception {
        assertThatThrownBy(() -> PyLock.parse("pylock.toml", "lock-version = \"2.0\"\n"))
                .isInstanceOf(LockFileException.class)
                .hasMessage("pylock.toml: lock-version: is 2.0, a version this pymirror does not read (it reads 1.x)");
        assertThatThrownBy(() -> PyLock.parse("pylock.toml", "created-by = \"x\"\n"))
                .hasMessageContaining("lock-version: is missing");
        assertThat(PyLock.parse("pylock.toml", "lock-version = \"1.3\"\n").notes())
                .containsExactly("pylock.toml: lock-version 1.3 is newer than 1.0; read as 1.0");
    }

    @Test
    void fieldsOfTheWrongKindAreNamedByTheirPath() {
        assertThatThrownBy(() -> PyLock.parse("pylock.toml", """
                lock-version = "1.0"
                [[packages]]
                name = "x"
                version = "1"
                wheels = [{ name = "x-1-py3-none-any.whl", hashes = { sha256 = 12 } }]
                """)).hasMessage("pylock.toml: packages[0].wheels[0].hashes.sha256: must be a string");
        assertThatThrownBy(() -> PyLock.parse("pylock.toml", """
                lock-version = "1.0"
                [[packages]]
                name = "x"
                version = "1"
                wheels = [{ name = "x-1-py3-none-any.whl" }]
                """)).hasMessage("pylock.toml: packages[0].wheels[0].hashes: is missing: every file needs a hash");
        assertThatThrownBy(() -> PyLock.parse("pylock.toml", """
                lock-version = "1.0"
                [[packages]]
                name = "x"
                version = "1"
                marker = "sys_platform =="
                wheels = [{ name = "x-1-py3-none-any.whl", hashes = { sha256 = "aa" } }]
                """)).hasMessageStartingWith("pylock.toml: packages[0].marker: 'sys_platform ==' is not a marker");
    }
}
