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
    void theServerShowsTheLastAuditsCountInMetrics() throws Exception {
        dev.pymirror.server.config.ServerConfig c = dev.pymirror.server.config.ConfigFile.read(config)
                .withDataDir(dir.resolve("data")).withPort(0);
        try (dev.pymirror.server.PymirrorServer server = dev.pymirror.server.PymirrorServer.start(c)) {
            assertThat(metric(server)).contains("pymirror_shared_names{index=\"main\"} NaN");
            CliRun.run(CliRun.onData("audit", config, dir.resolve("data"), "names"));
            assertThat(metric(server)).contains("pymirror_shared_names{index=\"main\"} 1.0");
            // The server itself asked the upstream nothing about the group's own names.
            assertThat(upstream.requests()).hasSize(2); // the audit's two pages: acme-internal, acme-private
        }
    }

    static String metric(dev.pymirror.server.PymirrorServer server) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                server.baseUrl().resolve("metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void anUnreachableUpstreamIsSaid() throws Exception {
        upstream.stop();
        CliRun audit = CliRun.run(CliRun.onData("audit", config, dir.resolve("data"), "names"));
        assertThat(audit.out()).contains("acme-internal could not be checked upstream of 'pypi'");
        assertThat(audit.exitCode()).isEqualTo(1);
    }
}
