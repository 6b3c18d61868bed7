package dev.pymirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.testing.Wheel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotCommandTest {

    @TempDir
    Path dir;

    Path config;
    Path data;

    @BeforeEach
    void indexes() throws Exception {
        data = dir.resolve("data");
        Path tree = Files.createDirectories(dir.resolve("tree/acme-lib"));
        Wheel w = Wheel.of("acme-lib", "1.0").build();
        Files.write(tree.resolve(w.filename()), w.bytes());
        config = Files.writeString(dir.resolve("pymirror.toml"), """
                [index.wheels]
                kind = "static"
                path = "%s"

                [index.internal]
                kind = "hosted"
                """.formatted(tree.getParent()));
    }

    CliRun snapshot(String... args) {
        return CliRun.run(CliRun.onData("snapshot", config, data, args));
    }

    @Test
    void createListShowDelete() {
        CliRun created = snapshot("create", "r1", "--index", "wheels");
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).contains("static index 'wheels'").contains("1 projects, 1 files")
                .contains("served at /+snapshot/r1/simple/");
        assertThat(snapshot("list").out()).startsWith("r1 ");
        assertThat(snapshot("show", "r1").out()).contains("index:      wheels (static)")
                .contains("tree:       " + data.resolve(".snapshots/r1/simple"));
        CliRun again = snapshot("create", "r1", "--index", "wheels");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("snapshot 'r1' exists already");
        assertThat(snapshot("delete", "r1").out()).contains("deleted snapshot 'r1'");
        assertThat(snapshot("list").out()).startsWith("no snapshots");
    }

    @Test
    void garbageNamesAreRefusedBeforeAnythingIsWritten() {
        for (String bad : new String[] {"..", "a/b", "", ".x", "../../etc"}) {
            CliRun run = snapshot("create", bad, "--index", "wheels");
            assertThat(run.exitCode()).as(bad).isEqualTo(1);
            assertThat(run.err()).as(bad).contains("is not a snapshot name").doesNotContain("\tat ");
        }
        assertThat(data.resolve(".snapshots")).doesNotExist();
    }

    @Test
    void anUnknownIndexNamesTheConfiguredOnes() {
        CliRun run = snapshot("create", "r1", "--index", "nope");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("there is no index 'nope'; indexes: wheels, internal");
    }

    @Test
    void deletingOrShowingAnUnknownSnapshotIsAClearError() {
        CliRun delete = snapshot("delete", "nope");
        assertThat(delete.exitCode()).isEqualTo(1);
        assertThat(delete.err()).contains("there is no snapshot 'nope'").contains("snapshots: none")
                .doesNotContain("\tat ");
        assertThat(snapshot("show", "nope").exitCode()).isEqualTo(1);
    }
}
