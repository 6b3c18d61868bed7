package dev.pymirror.inject;

import static dev.pymirror.inject.TestRoots.minimal;
import static dev.pymirror.inject.TestRoots.unmounted;
import static dev.pymirror.inject.TestRoots.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pymirror.testing.TreeSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash at any step of inject or eject (simulated by stopping at a checkpoint with an Error that no
 * code catches), and the build's own crash, leave a root that eject restores exactly.
 */
class CrashRecoveryTest {

    private static final Map<String, String> ENV = Map.of("DIB_PYPI_MIRROR_URL", "http://mirror.internal/simple");

    @TempDir
    Path dir;

    /** A root with files to replace as well as places to create, so every kind of step happens. */
    private Path root(String name) throws IOException {
        Path root = minimal(dir.resolve(name));
        write(root, "etc/pip.conf", "[global]\ntimeout = 9\n", 0640);
        write(root, "root/.config/uv/uv.toml", "native-tls = true\n", 0600);
        Files.createSymbolicLink(root.resolve("root/.pydistutils.cfg"), Path.of("/etc/distutils.cfg"));
        return root;
    }

    private static List<String> stepsOf(Injector injector, Path root) throws IOException {
        List<String> steps = new ArrayList<>();
        new Injector(steps::add).inject(ImageRoot.open(root), unmounted(ENV));
        return steps;
    }

    @Test
    void aCrashAtEveryStepOfInjectLeavesARootThatEjectRestores() throws Exception {
        List<String> steps = stepsOf(new Injector(), root("probe"));
        assertThat(steps).containsExactly("back up etc/pip.conf", "back up root/.config/uv/uv.toml",
                "back up root/.pydistutils.cfg", "write record", "replace etc/pip.conf", "mkdir etc/uv",
                "create etc/uv/uv.toml", "replace root/.config/uv/uv.toml", "replace root/.pydistutils.cfg");

        for (int i = 0; i < steps.size(); i++) {
            Path root = root("inject-crash-" + i);
            TreeSnapshot before = TreeSnapshot.of(root);
            String crashAt = steps.get(i);
            Injector crashing = new Injector(step -> {
                if (step.equals(crashAt)) {
                    throw new TestRoots.SimulatedCrash(step);
                }
            });
            assertThatThrownBy(() -> crashing.inject(ImageRoot.open(root), unmounted(ENV)))
                    .isInstanceOf(TestRoots.SimulatedCrash.class);
            assertThat(root.resolve(RecordFile.PATH)).as("record left by a crash at " + crashAt).exists();

            new Ejector().eject(ImageRoot.open(root));
            assertThat(TreeSnapshot.of(root).differencesFrom(before)).as("after a crash at " + crashAt).isEmpty();
        }
    }

    @Test
    void aCrashAtEveryStepOfEjectLeavesARootThatEjectRestores() throws Exception {
        Path probe = root("probe");
        new Injector().inject(ImageRoot.open(probe), unmounted(ENV));
        List<String> steps = new ArrayList<>();
        new Ejector(steps::add).eject(ImageRoot.open(probe));
        assertThat(steps).containsExactly("undo replace root/.pydistutils.cfg", "undo replace root/.config/uv/uv.toml",
                "undo create etc/uv/uv.toml", "undo mkdir etc/uv", "undo replace etc/pip.conf", "mark restored",
                "delete backup var/lib/pymirror/backup/1-etc_pip.conf",
                "delete backup var/lib/pymirror/backup/2-root_.config_uv_uv.toml",
                "delete backup var/lib/pymirror/backup/3-root_.pydistutils.cfg", "delete record");

        for (int i = 0; i < steps.size(); i++) {
            Path root = root("eject-crash-" + i);
            TreeSnapshot before = TreeSnapshot.of(root);
            new Injector().inject(ImageRoot.open(root), unmounted(ENV));
            String crashAt = steps.get(i);
            Ejector crashing = new Ejector(step -> {
                if (step.equals(crashAt)) {
                    throw new TestRoots.SimulatedCrash(step);
                }
            });
            assertThatThrownBy(() -> crashing.eject(ImageRoot.open(root))).isInstanceOf(TestRoots.SimulatedCrash.class);

            new Ejector().eject(ImageRoot.open(root));
            assertThat(TreeSnapshot.of(root).differencesFrom(before)).as("after a crash at " + crashAt).isEmpty();
        }
    }

    @Test
    void aBuildThatCrashedWithTheMirrorRecordedAsMountedIsEjectedWhetherOrNotTheMountRemains() throws Exception {
        // What a crashed build leaves when whoever ran it already tore its mounts down (as
        // diskimage-builder does on exit): a record naming a mount that is no longer there.
        Path root = root("crashed-build");
        TreeSnapshot before = TreeSnapshot.of(root);
        new Injector().inject(ImageRoot.open(root), unmounted(ENV));
        Path record = root.resolve(RecordFile.PATH);
        String json = Files.readString(record);
        json = json.replace("\"mounts\" : [ ]", "\"mounts\" : [ {\"path\" : \"tmp/pypi\", \"kind\" : \"bind\","
                + " \"source\" : \"/var/cache/mirror\", \"readOnly\" : true } ]");
        json = json.replace("\"changes\" : [ ", "\"changes\" : [ {\"action\" : \"mkdir\", \"path\" : \"tmp/pypi\"}, ");
        Files.writeString(record, json);
        Files.createDirectory(root.resolve("tmp/pypi"));
        Files.writeString(root.resolve("etc/pip.conf"), "pip.conf as the build left it\n");

        Report report = new Ejector().eject(ImageRoot.open(root));

        assertThat(report.actions()).contains("removed directory tmp/pypi").doesNotContain("unmounted tmp/pypi");
        assertThat(TreeSnapshot.of(root).differencesFrom(before)).isEmpty();
    }
}
