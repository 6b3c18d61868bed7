package dev.pymirror.inject;

import static dev.pymirror.inject.TestRoots.minimal;
import static dev.pymirror.inject.TestRoots.unmounted;
import static dev.pymirror.inject.TestRoots.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pymirror.testing.TreeSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A record that does not match its root is refused with a clear error, and nothing changes. */
class RecordMismatchTest {

    @TempDir
    Path dir;

    private Path root;
    private Path record;

    @BeforeEach
    void injected() throws Exception {
        root = minimal(dir.resolve("root"));
        write(root, "etc/pip.conf", "[global]\ntimeout = 9\n", 0640);
        new Injector().inject(ImageRoot.open(root), unmounted(Map.of("DIB_PYPI_MIRROR_URL", "http://m/simple")));
        record = root.resolve(RecordFile.PATH);
    }

    private void assertEjectRefuses(String message) throws Exception {
        TreeSnapshot before = TreeSnapshot.of(root);
        assertThatThrownBy(() -> new Ejector().eject(ImageRoot.open(root)))
                .isInstanceOf(InjectException.RecordMismatch.class)
                .hasMessageContaining(message);
        assertThat(TreeSnapshot.of(root)).isEqualTo(before);
    }

    private void editRecord(UnaryOperator<String> edit) throws Exception {
        Files.writeString(record, edit.apply(Files.readString(record)));
    }

    private String where(String relative) throws Exception {
        return root.toRealPath().resolve(relative).toString();
    }

    @Test
    void aBackupChangedSinceInject() throws Exception {
        Path backup = root.resolve("var/lib/pymirror/backup/1-etc_pip.conf");
        Files.writeString(backup, "[global]\ntimeout = 1\n");
        assertEjectRefuses("the backup of etc/pip.conf (" + where("var/lib/pymirror/backup/1-etc_pip.conf")
                + ") has changed since inject: 21 bytes with SHA-256 ");
    }

    @Test
    void aBackupMissing() throws Exception {
        Files.delete(root.resolve("var/lib/pymirror/backup/1-etc_pip.conf"));
        assertEjectRefuses("the backup of etc/pip.conf (" + where("var/lib/pymirror/backup/1-etc_pip.conf")
                + ") is missing; the root does not match its record");
    }

    @Test
    void aFilePymirrorNeverWrites() throws Exception {
        editRecord(json -> json.replace("\"path\" : \"etc/uv/uv.toml\"", "\"path\" : \"etc/passwd\""));
        assertEjectRefuses("names the file 'etc/passwd', which pymirror never writes; it does not match this root"
                + " and nothing was changed");
    }

    @Test
    void aPathThatClimbsOutOfTheRoot() throws Exception {
        editRecord(json -> json.replace("\"path\" : \"etc/uv\"", "\"path\" : \"../../etc\""));
        assertEjectRefuses("names the directory '../../etc', which pymirror never makes");
    }

    @Test
    void aBackupKeptOutsideTheBackups() throws Exception {
        editRecord(json -> json.replace("var/lib/pymirror/backup/1-etc_pip.conf", "etc/shadow"));
        assertEjectRefuses("keeps the original of etc/pip.conf outside var/lib/pymirror/backup; nothing was changed");
    }

    @Test
    void aMountPymirrorNeverMakes() throws Exception {
        editRecord(json -> json.replace("\"mounts\" : [ ]",
                "\"mounts\" : [ {\"path\" : \"home\", \"kind\" : \"bind\", \"source\" : \"/home\", \"readOnly\" : false} ]"));
        assertEjectRefuses("names a mount pymirror never makes (bind at home); nothing was changed");
    }

    @Test
    void notJson() throws Exception {
        Files.writeString(record, "{ this is not a record");
        assertEjectRefuses(where(RecordFile.PATH) + " is not a record pymirror can read: ");
    }

    @Test
    void anotherFormat() throws Exception {
        editRecord(json -> json.replace("\"format\" : 1", "\"format\" : 7"));
        assertEjectRefuses(where(RecordFile.PATH) + " has record format 7; this pymirror reads format 1");
    }

    @Test
    void anUnknownField() throws Exception {
        editRecord(json -> json.replace("\"format\" : 1", "\"format\" : 1, \"surprise\" : true"));
        assertEjectRefuses("is not a record pymirror can read: Unrecognized field \"surprise\"");
    }

    @Test
    void aDirectoryWhereTheRecordBelongs() throws Exception {
        new Ejector().eject(ImageRoot.open(root));
        Files.createDirectories(root.resolve(RecordFile.PATH));
        assertEjectRefuses(where(RecordFile.PATH) + " is not a regular file, so it is no record of pymirror's");
    }
}
