package dev.pymirror.inject;

import static dev.pymirror.inject.TestRoots.minimal;
import static dev.pymirror.inject.TestRoots.unmounted;
import static dev.pymirror.inject.TestRoots.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pymirror.testing.TreeSnapshot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inject and eject on temporary roots: no mounts, no privileges needed (but owners need root). */
class InjectorTest {

    private static final Map<String, String> ENV = Map.of(
            "DIB_PYPI_MIRROR_URL", "http://mirror.internal/simple",
            "DIB_PYPI_MIRROR_URL_1", "file:///tmp/pypi",
            "DIB_NO_PYPI_PIP", "1");

    @TempDir
    Path dir;

    private final Injector injector = new Injector();
    private final Ejector ejector = new Ejector();

    private static String read(Path root, String relative) throws Exception {
        return Files.readString(root.resolve(relative), StandardCharsets.UTF_8);
    }

    @Test
    void writesExactlyEachClientsFileAndARecordAndEjectRemovesThemAll() throws Exception {
        Path root = minimal(dir.resolve("root"));
        TreeSnapshot before = TreeSnapshot.of(root);

        Report report = injector.inject(ImageRoot.open(root), unmounted(ENV));

        TreeSnapshot after = TreeSnapshot.of(root);
        assertThat(after.differencesFrom(before)).extracting(line -> line.substring(0, line.indexOf(' ', 2)))
                .containsExactlyInAnyOrder("+ etc/pip.conf", "+ etc/uv", "+ etc/uv/uv.toml", "+ root/.pydistutils.cfg",
                        "+ var/lib/pymirror", "+ var/lib/pymirror/backup", "+ var/lib/pymirror/inject.json");
        ClientSettings settings = TestRoots.settings(ENV);
        assertThat(read(root, "etc/pip.conf")).isEqualTo(PipConfig.render(settings));
        assertThat(read(root, "etc/uv/uv.toml")).isEqualTo(UvConfig.render(settings));
        assertThat(read(root, "root/.pydistutils.cfg")).isEqualTo(EasyInstallConfig.render(settings));
        assertThat(after.get("etc/pip.conf")).startsWith("file 0644 ");
        assertThat(after.get("etc/uv")).startsWith("dir 0755 ");
        assertThat(after.get("var/lib/pymirror")).startsWith("dir 0700 ");
        assertThat(after.get("var/lib/pymirror/inject.json")).startsWith("file 0600 ");
        assertThat(report.actions()).containsExactly("wrote etc/pip.conf (new)", "made directory etc/uv",
                "wrote etc/uv/uv.toml (new)", "wrote root/.pydistutils.cfg (new)");

        Report ejected = ejector.eject(ImageRoot.open(root));
        assertThat(TreeSnapshot.of(root)).isEqualTo(before);
        assertThat(ejected.actions()).containsExactly("removed root/.pydistutils.cfg", "removed etc/uv/uv.toml",
                "removed directory etc/uv", "removed etc/pip.conf", "removed the record var/lib/pymirror/inject.json");
        assertThat(ejected.warnings()).isEmpty();
    }

    @Test
    void replacesEveryCompetingFileAndRestoresEachByteForByteWithModeOwnerAndTime() throws Exception {
        Path root = minimal(dir.resolve("root"));
        byte[] oddBytes = {'i', 'n', 'd', 'e', 'x', '\r', '\n', (byte) 0xff, 0, 'x'};
        write(root, "etc/pip.conf", oddBytes, 0640);
        write(root, "etc/xdg/pip/pip.conf", "[install]\nindex-url = http://elsewhere/\n", 0644);
        write(root, "root/.config/pip/pip.conf", "[global]\nindex-url = https://user:secret@private/simple\n", 0600);
        Files.createDirectories(root.resolve("root/.pip"));
        Files.createSymbolicLink(root.resolve("root/.pip/pip.conf"), Path.of("/etc/pip.conf"));
        write(root, "usr/pip.conf", "[global]\ntimeout = 60\n", 0444);
        write(root, "etc/xdg/uv/uv.toml", "index-url = \"http://elsewhere/\"\n", 0644);
        write(root, "root/.config/uv/uv.toml", "[[index]]\nurl = \"http://elsewhere/\"\n", 0600);
        Path distutils = write(root, "root/.pydistutils.cfg", "[build_ext]\ninplace = 1\n", 04751);
        boolean asRoot = Privileges.isRoot();
        if (asRoot) {
            TestRoots.chown(distutils, 1234, 2345);
            Files.setAttribute(distutils, "unix:mode", 04751); // a change of owner clears set-id bits
            TestRoots.chown(root.resolve("root/.pip/pip.conf"), 1234, 2345);
        }
        TreeSnapshot before = TreeSnapshot.of(root);

        Report report = injector.inject(ImageRoot.open(root), unmounted(ENV));

        ClientSettings settings = TestRoots.settings(ENV);
        for (String pip : List.of("etc/pip.conf", "etc/xdg/pip/pip.conf", "root/.config/pip/pip.conf", "root/.pip/pip.conf",
                "usr/pip.conf")) {
            assertThat(read(root, pip)).as(pip).isEqualTo(PipConfig.render(settings));
        }
        for (String uv : List.of("etc/uv/uv.toml", "etc/xdg/uv/uv.toml", "root/.config/uv/uv.toml")) {
            assertThat(read(root, uv)).as(uv).isEqualTo(UvConfig.render(settings));
        }
        assertThat(read(root, "root/.pydistutils.cfg")).isEqualTo(EasyInstallConfig.render(settings));
        TreeSnapshot injected = TreeSnapshot.of(root);
        // A replacement keeps the mode and owner of the file it stands in for.
        assertThat(injected.get("root/.config/pip/pip.conf")).startsWith("file 0600 ");
        assertThat(injected.get("etc/pip.conf")).startsWith("file 0640 ");
        assertThat(injected.get("root/.pip/pip.conf")).startsWith("file 0644 ");
        if (asRoot) {
            assertThat(injected.get("root/.pydistutils.cfg")).startsWith("file 4751 1234:2345 ");
        }
        String kept = " (original kept as var/lib/pymirror/backup/";
        assertThat(report.actions()).containsExactly(
                "replaced etc/pip.conf" + kept + "1-etc_pip.conf)",
                "replaced etc/xdg/pip/pip.conf" + kept + "2-etc_xdg_pip_pip.conf)",
                "replaced root/.pip/pip.conf" + kept + "3-root_.pip_pip.conf)",
                "replaced root/.config/pip/pip.conf" + kept + "4-root_.config_pip_pip.conf)",
                "replaced usr/pip.conf" + kept + "5-usr_pip.conf)",
                "made directory etc/uv",
                "wrote etc/uv/uv.toml (new)",
                "replaced etc/xdg/uv/uv.toml" + kept + "6-etc_xdg_uv_uv.toml)",
                "replaced root/.config/uv/uv.toml" + kept + "7-root_.config_uv_uv.toml)",
                "replaced root/.pydistutils.cfg" + kept + "8-root_.pydistutils.cfg)");

        ejector.eject(ImageRoot.open(root));
        TreeSnapshot after = TreeSnapshot.of(root);
        assertThat(after.differencesFrom(before)).isEmpty();
        assertThat(Files.readAllBytes(root.resolve("etc/pip.conf"))).isEqualTo(oddBytes);
        assertThat(Files.readSymbolicLink(root.resolve("root/.pip/pip.conf"))).isEqualTo(Path.of("/etc/pip.conf"));
        assertThat(after.get("root/.pydistutils.cfg"))
                .startsWith("file 4751 " + (asRoot ? "1234:2345" : ""))
                .endsWith("2001-02-03T04:05:06.789012345Z");
        if (asRoot) {
            assertThat(after.get("root/.pip/pip.conf")).startsWith("link 0777 1234:2345 ");
        }
    }

    @Test
    void makesTheDirectoriesARootLacksAndRemovesThemAgain() throws Exception {
        Path root = Files.createDirectories(dir.resolve("bare"));
        Files.writeString(root.resolve("marker"), "x");
        TreeSnapshot before = TreeSnapshot.of(root);

        Report report = injector.inject(ImageRoot.open(root), unmounted(ENV));
        assertThat(report.actions()).containsExactly("made directory etc", "wrote etc/pip.conf (new)",
                "made directory etc/uv", "wrote etc/uv/uv.toml (new)", "made directory root",
                "wrote root/.pydistutils.cfg (new)");
        assertThat(root.resolve("var/lib/pymirror/inject.json")).isRegularFile();

        ejector.eject(ImageRoot.open(root));
        assertThat(TreeSnapshot.of(root)).isEqualTo(before);
    }

    @Test
    void injectOnAnInjectedRootRefusesAndChangesNothing() throws Exception {
        Path root = minimal(dir.resolve("root"));
        injector.inject(ImageRoot.open(root), unmounted(ENV));
        TreeSnapshot injected = TreeSnapshot.of(root);

        assertThatThrownBy(() -> injector.inject(ImageRoot.open(root), unmounted(Map.of("DIB_OFFLINE", "1"))))
                .isInstanceOf(InjectException.AlreadyInjected.class)
                .hasMessage(root.toRealPath() + " is already injected (its record is " + root.toRealPath()
                        + "/var/lib/pymirror/inject.json); nothing was changed. Run 'pymirror eject --root "
                        + root.toRealPath() + "' first");
        assertThat(TreeSnapshot.of(root)).isEqualTo(injected);
    }

    @Test
    void ejectTwiceFindsNothingTheSecondTime() throws Exception {
        Path root = minimal(dir.resolve("root"));
        TreeSnapshot before = TreeSnapshot.of(root);
        injector.inject(ImageRoot.open(root), unmounted(ENV));
        ejector.eject(ImageRoot.open(root));

        Report second = ejector.eject(ImageRoot.open(root));
        assertThat(second.actions()).isEmpty();
        assertThat(second.warnings()).containsExactly("nothing to eject: " + root.toRealPath()
                + " holds no pymirror record (var/lib/pymirror/inject.json)");
        assertThat(TreeSnapshot.of(root)).isEqualTo(before);

        // And the root can be injected again, as good as new.
        injector.inject(ImageRoot.open(root), unmounted(ENV));
        ejector.eject(ImageRoot.open(root));
        assertThat(TreeSnapshot.of(root)).isEqualTo(before);
    }

    @Test
    void whatTheBuildChangedInPymirrorsFilesIsUndoneWithAWarningAndWhatItAddedStays() throws Exception {
        Path root = minimal(dir.resolve("root"));
        write(root, "root/.pydistutils.cfg", "[easy_install]\nzip_ok = 0\n", 0644);
        TreeSnapshot before = TreeSnapshot.of(root);
        injector.inject(ImageRoot.open(root), unmounted(ENV));
        Files.writeString(root.resolve("etc/pip.conf"), "changed by the build\n");
        Files.writeString(root.resolve("root/.pydistutils.cfg"), "changed by the build\n");
        Files.writeString(root.resolve("etc/uv/other.toml"), "the build's own file\n");

        Report report = ejector.eject(ImageRoot.open(root));

        assertThat(report.warnings()).containsExactly(
                "root/.pydistutils.cfg was changed during the build; its original is restored all the same",
                "left etc/uv in place: the build put files in it",
                "etc/pip.conf was changed during the build; removed all the same, as it did not exist before inject");
        assertThat(TreeSnapshot.of(root).differencesFrom(before))
                .extracting(line -> line.substring(0, line.indexOf(' ', 2)))
                .containsExactlyInAnyOrder("+ etc/uv", "+ etc/uv/other.toml");
        assertThat(root.resolve("etc/uv/uv.toml")).doesNotExist();
    }

    @Test
    void aLinkOutOfTheRootIsNotWrittenThrough() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Path outside = Files.createDirectories(dir.resolve("host-etc"));
        Files.createSymbolicLink(root.resolve("etc"), outside);
        TreeSnapshot before = TreeSnapshot.of(root);

        assertThatThrownBy(() -> injector.inject(ImageRoot.open(root), unmounted(ENV)))
                .isInstanceOf(InjectException.class)
                .hasMessage(root.toRealPath() + "/etc is a symbolic link; pymirror does not follow links out of an"
                        + " image root (etc/pip.conf is under it)");
        assertThat(TreeSnapshot.of(root)).isEqualTo(before);
        try (var files = Files.list(outside)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aDirectoryWhereAClientReadsAFileIsRefused() throws Exception {
        Path root = minimal(dir.resolve("root"));
        Files.createDirectories(root.resolve("etc/pip.conf"));
        TreeSnapshot before = TreeSnapshot.of(root);
        assertThatThrownBy(() -> injector.inject(ImageRoot.open(root), unmounted(ENV)))
                .isInstanceOf(InjectException.class)
                .hasMessage(root.toRealPath() + "/etc/pip.conf is a directory, where the client reads a file;"
                        + " nothing was changed");
        assertThat(TreeSnapshot.of(root)).isEqualTo(before);
    }

    @Test
    void aFailurePartWayPutsTheRootBack() throws Exception {
        Path root = minimal(dir.resolve("root"));
        write(root, "etc/pip.conf", "[global]\ntimeout = 5\n", 0644);
        TreeSnapshot before = TreeSnapshot.of(root);
        Injector failing = new Injector(step -> {
            if (step.equals("create root/.pydistutils.cfg")) {
                throw new IllegalStateException("disk full");
            }
        });
        assertThatThrownBy(() -> failing.inject(ImageRoot.open(root), unmounted(ENV)))
                .isInstanceOf(InjectException.class)
                .hasMessage("inject failed: disk full; the root was put back as it was");
        assertThat(TreeSnapshot.of(root)).isEqualTo(before);
    }

    @Test
    void warnsAboutAnExternallyManagedPythonUnlessToldToBreakSystemPackages() throws Exception {
        Path root = minimal(dir.resolve("root"));
        write(root, "usr/lib/python3.11/EXTERNALLY-MANAGED", "[externally-managed]\n", 0644);
        Report plain = injector.inject(ImageRoot.open(root), unmounted(Map.of("DIB_PYPI_MIRROR_URL", "http://m/simple/")));
        assertThat(plain.warnings()).containsExactly("usr/lib/python3.11 is marked externally managed (PEP 668): pip"
                + " will refuse to install into it outside a virtual environment unless --break-system-packages is given");
        ejector.eject(ImageRoot.open(root));

        InjectPlan breaking = new InjectPlan(new ClientSettings(
                IndexSelection.choose(Map.of("DIB_PYPI_MIRROR_URL", "http://m/simple/"), IndexFlags.NONE), true),
                Optional.empty(), List.of());
        Report report = injector.inject(ImageRoot.open(root), breaking);
        assertThat(report.warnings()).isEmpty();
        assertThat(read(root, "etc/pip.conf")).contains("break-system-packages = true\n");
        assertThat(read(root, "etc/uv/uv.toml")).contains("[pip]\nbreak-system-packages = true\n");
    }

    @Test
    void warnsWhenTheMountedMirrorIsAnIndexButNothingIsMounted() throws Exception {
        Path root = minimal(dir.resolve("root"));
        Report report = injector.inject(ImageRoot.open(root), unmounted(Map.of()));
        assertThat(report.warnings()).contains("file:///tmp/pypi is an index, but no mirror is mounted there and "
                + root.toRealPath() + "/tmp/pypi is empty: pip will find nothing in it");
    }

    @Test
    void aMirrorThatIsNotADirectoryIsAUsageError() throws Exception {
        Path root = minimal(dir.resolve("root"));
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        TreeSnapshot before = TreeSnapshot.of(root);
        InjectPlan plan = new InjectPlan(TestRoots.settings(ENV), Optional.of(file), List.of());
        assertThatThrownBy(() -> injector.inject(ImageRoot.open(root), plan))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("--mirror " + file + ": not a directory");
        assertThat(TreeSnapshot.of(root)).isEqualTo(before);
    }

    @Test
    void aRootThatIsNoDirectoryIsAUsageError() throws Exception {
        assertThatThrownBy(() -> ImageRoot.open(dir.resolve("missing")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("--root " + dir.resolve("missing") + ": no such directory");
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertThatThrownBy(() -> ImageRoot.open(file))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("--root " + file + ": not a directory");
    }

    @Test
    void ownersAreRestoredOnlyWhenRunAsRoot() throws Exception {
        assumeTrue(Privileges.isRoot(), "changing owners needs root");
        Path root = minimal(dir.resolve("root"));
        Path conf = write(root, "root/.config/pip/pip.conf", "[global]\n", 0600);
        TestRoots.chown(conf, 4321, 8765);
        TestRoots.chown(root.resolve("root/.config/pip"), 4321, 8765);
        TreeSnapshot before = TreeSnapshot.of(root);
        injector.inject(ImageRoot.open(root), unmounted(ENV));
        assertThat(TreeSnapshot.of(root).get("root/.config/pip/pip.conf")).startsWith("file 0600 4321:8765 ");
        ejector.eject(ImageRoot.open(root));
        assertThat(TreeSnapshot.of(root)).isEqualTo(before);
    }
}
