package dev.pymirror.server.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.server.PymirrorServer;
import dev.pymirror.server.config.MirrorConfig;
import dev.pymirror.server.config.ServerConfig;
import dev.pymirror.testing.Eventually;
import dev.pymirror.testing.IndexPath;
import dev.pymirror.testing.Installation;
import dev.pymirror.testing.PipInstaller;
import dev.pymirror.testing.TestIndexServer;
import dev.pymirror.testing.Wheel;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real pips through a mirror with {@code prefetch-dependencies} on: the newest pip reads each
 * wheel's PEP 658 metadata first (the prefetch starts from the metadata), Debian's pip is given pages
 * without it and reads the wheels (the prefetch starts from the stored wheel). Either way pip
 * installs what it would without the setting, each page is asked of the upstream once (pip's own
 * request finds the page cached or joins the fetch), an extra's page never, and a dependency behind
 * another platform's marker, which pip never asks for, is fetched all the same: the setting's known
 * cost, and the proof that it ran.
 */
@Tag("slow")
class DependencyPrefetchPipTest {

    @TempDir
    Path tmp;

    final Wheel app = Wheel.of("acme-app", "1.0").extra("test").requires("acme-lib>=1.0",
            "acme-test; extra == \"test\"", "acme-win; sys_platform == \"win32\"").build();
    final Wheel lib = Wheel.of("acme-lib", "1.1").requires("acme-util").build();
    final Wheel util = Wheel.of("acme-util", "1.0").build();
    final Wheel test = Wheel.of("acme-test", "1.0").build();
    final Wheel win = Wheel.of("acme-win", "1.0").build();
    TestIndexServer upstream;
    PymirrorServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"debian", "newest"})
    void pipInstallsAsWithoutTheSettingAndEachPageIsFetchedOnce(String which) throws Exception {
        boolean metadata = which.equals("newest");
        upstream = TestIndexServer.start().add(app, lib, util, test, win).serveMetadata(metadata);
        MirrorConfig mirror = MirrorConfig.defaults("pypi").withUpstream(URI.create(upstream.simpleUrl()))
                .withPrefetchDependencies(true);
        server = PymirrorServer.start(new ServerConfig("127.0.0.1", 0, tmp.resolve("data"), false, "pypi",
                Map.of("pypi", mirror)));
        PipInstaller pip = metadata ? PipInstaller.newest(tmp) : PipInstaller.debian();
        IndexPath path = new IndexPath(IndexPath.Kind.MIRROR, IndexPath.Encoding.NEGOTIATED, server.simpleUrl().toString());

        Installation installed = pip.install(path, List.of("acme-app"), Files.createDirectories(tmp.resolve("work")));

        assertThat(installed.installed()).as(installed.run().output())
                .isEqualTo(Map.of("acme-app", "1.0", "acme-lib", "1.1", "acme-util", "1.0"));
        assertThat(Eventually.holds(() -> upstream.hits("/simple/acme-win/") == 1, Duration.ofSeconds(5)))
                .as("the page pip never asks for was fetched ahead; asked: %s", upstream.requests()).isTrue();
        for (String project : List.of("acme-app", "acme-lib", "acme-util")) {
            assertThat(upstream.hits("/simple/" + project + "/")).as("%s, asked: %s", project, upstream.requests())
                    .isEqualTo(1);
        }
        assertThat(upstream.hits("/simple/acme-test/")).as("an extra nobody asked for").isZero();
        assertThat(upstream.hits("/files/" + app.filename() + ".metadata")).isEqualTo(metadata ? 1 : 0);
    }
}
