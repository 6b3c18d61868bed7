package dev.pymirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.testing.TestIndexServer;
import dev.pymirror.testing.Wheel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditCommandTest {

    @TempDir
    Path dir;

    TestIndexServer upstream;
    Path config;

    @BeforeEach
    void start() throws Exception {
        Wheel squatted = Wheel.of("acme-internal", "99.0").build();
        Wheel older = Wheel.of("acme-internal", "1.0").build();
        Wheel pre = Wheel.of("acme-internal", "100.0rc1").build();
        upstream = TestIndexServer.start().add(squatted, older, pre, Wheel.of("setuptools", "70.0").build())
                .uploadTime(squatted.filename(), Instant.parse("2026-11-30T12:00:00Z"));
        Path tree = dir.resolve("tree");
        for (String project : new String[] {"acme-internal", "acme-private", "setuptools"}) {
            Wheel w = Wheel.of(project, "1.0").build();
            Files.write(Files.createDirectories(tree.resolve(project)).resolve(w.filename()), w.bytes());
        }
        config = Files.writeString(dir.resolve("pymirror.toml"), """
                [index.pypi]
                upstream = "%s"

                [index.wheels]
                kind = "static"
                path = "tree"

                [index.main]
                kind = "group"
                members = ["wheels", "pypi"]
                mix = ["setuptools"]
                """.formatted(upstream.simpleUrl()));
    }

    @AfterEach
    void stop() throws Exception {
        upstream.close();
    }

    @Test
    void listsTheNamesAGroupsOwnMembersShareWithTheUpstream() {
        CliRun audit = CliRun.run(CliRun.onData("audit", config, dir.resolve("data"), "names"));
        assertThat(audit.out()).contains("group main: acme-internal (static index 'wheels') also exists upstream of"
                + " 'pypi' (" + upstream.simpleUrl() + "): newest 99.0, uploaded 2026-11-30T12:00:00Z")
                .doesNotContain("acme-private") // not upstream
                .doesNotContain("setuptools") // mixed on purpose
                .contains("1 shared names, 0 not checked");
        assertThat(audit.exitCode()).isEqualTo(1);
    }

    @Test
    void anUnreachableUpstreamIsSaid() throws Exception {
        upstream.stop();
        CliRun audit = CliRun.run(CliRun.onData("audit", config, dir.resolve("data"), "names"));
        assertThat(audit.out()).contains("acme-internal could not be checked upstream of 'pypi'");
        assertThat(audit.exitCode()).isEqualTo(1);
    }
}
