package dev.pymirror.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Root changing the installed server's data directory (owned by its own user) is refused before
 * anything is written; reading it is not. Runs where the tests run as root (CI does), with
 * {@code nobody} standing for the package's user.
 */
class DataDirectoryUserTest {

    @TempDir
    Path dir;

    String config;
    Path data;

    @BeforeEach
    void ownedByAnotherUser() throws Exception {
        assumeTrue(Files.getAttribute(Path.of("/proc/self"), "unix:uid").equals(0), "needs root to give a folder away");
        config = Files.writeString(dir.resolve("pymirror.toml"), "[index.local]\nkind = \"hosted\"\n").toString();
        data = Files.createDirectory(dir.resolve("data"));
        UserPrincipal nobody = data.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(data, nobody);
    }

    @Test
    void rootMayNotChangeAnotherUsersDataDirectory() throws Exception {
        for (String[] args : List.of(
                CliRun.onData("user", config, data, "add", "alice", "--password-stdin"),
                CliRun.onData("index", config, data, "create", "extra", "--kind", "hosted"),
                CliRun.onData("file", config, data, "yank", "local", "a-1.0.tar.gz"),
                CliRun.onData("cache", config, data, "prune"))) {
            CliRun run = CliRun.withInput("alice-password\n", args);
            assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(1);
            assertThat(run.err()).as(String.join(" ", args))
                    .contains("belongs to user 'nobody' and this runs as root")
                    .contains("sudo -u nobody pymirror " + args[0] + " ");
        }
        try (Stream<Path> written = Files.list(data)) {
            assertThat(written).as("nothing written").isEmpty();
        }
    }

    @Test
    void rootMayReadIt() {
        for (String[] args : List.of(
                CliRun.onData("user", config, data, "list"),
                CliRun.onData("index", config, data, "list"),
                CliRun.onData("file", config, data, "list", "local"),
                CliRun.onData("cache", config, data, "stats"))) {
            CliRun run = CliRun.run(args);
            assertThat(run.exitCode()).as(String.join(" ", args) + ": " + run.err()).isZero();
        }
    }

    @Test
    void rootMayChangeItsOwnDataDirectory() throws Exception {
        Files.setOwner(data, data.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("root"));
        CliRun add = CliRun.withInput("alice-password\n", CliRun.onData("user", config, data, "add", "alice", "--password-stdin"));
        assertThat(add.exitCode()).as(add.err()).isZero();
    }
}
