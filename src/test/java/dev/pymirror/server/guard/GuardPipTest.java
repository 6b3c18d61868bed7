package dev.pymirror.server.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.advisories.AdvisoryStore;
import dev.pymirror.server.PymirrorServer;
import dev.pymirror.server.config.GuardPolicy;
import dev.pymirror.server.config.MirrorConfig;
import dev.pymirror.server.config.ServerConfig;
import dev.pymirror.testing.IndexPath;
import dev.pymirror.testing.Installation;
import dev.pymirror.testing.OsvRecord;
import dev.pymirror.testing.PipInstaller;
import dev.pymirror.testing.TestIndexServer;
import dev.pymirror.testing.Wheel;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real pips (Debian's 23.0.1 and 26.2.1) against a mirror that blocks by advisories: a blocked
 * release cannot be installed, and the newest safe one is chosen where the requirement allows.
 */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GuardPipTest {

    @TempDir
    static Path tmp;

    TestIndexServer upstream;
    PymirrorServer server;
    List<PipInstaller> pips;

    final Wheel app = Wheel.of("acme-app", "1.0").requires("acme-lib>=1.0").build();
    final Wheel lib10 = Wheel.of("acme-lib", "1.0").build();
    final Wheel lib11 = Wheel.of("acme-lib", "1.1").build();
    final Wheel evil = Wheel.of("acme-evil", "2.0").build();

    @BeforeAll
    void start() throws Exception {
        upstream = TestIndexServer.start().add(app, lib10, lib11, evil);
        Path data = tmp.resolve("data");
        new AdvisoryStore(data).importFrom(OsvRecord.zip(tmp.resolve("all.zip"), List.of(
                OsvRecord.of("MAL-2026-77", "2026-01-01T00:00:00Z").pypi("acme-evil").introduced("0"),
                OsvRecord.of("GHSA-acme-lib1-1111", "2026-01-01T00:00:00Z").databaseSeverity("CRITICAL")
                        .pypi("Acme.Lib").introduced("1.1"))), Clock.systemUTC());
        MirrorConfig mirror = MirrorConfig.defaults("pypi").withUpstream(URI.create(upstream.simpleUrl()));
        server = PymirrorServer.start(new ServerConfig("127.0.0.1", 0, data, false, "pypi", Map.of("pypi", mirror))
                .withGuards(Map.of("pypi", GuardPolicy.parse(List.of("malware"), "high", null))));
        pips = List.of(PipInstaller.debian(), PipInstaller.newest(tmp));
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
        upstream.close();
    }

    List<Integer> pipIndexes() {
        return List.of(0, 1);
    }

    Installation install(int pip, String work, String... requirements) throws Exception {
        IndexPath path = new IndexPath(IndexPath.Kind.MIRROR, IndexPath.Encoding.NEGOTIATED, server.simpleUrl().toString());
        return pips.get(pip).install(path, List.of(requirements), Files.createDirectories(tmp.resolve(work + "-" + pip)));
    }

    @ParameterizedTest
    @MethodSource("pipIndexes")
    void theNewestSafeReleaseIsChosen(int pip) throws Exception {
        Installation i = install(pip, "app", "acme-app");
        assertThat(i.run().ok()).as(i.run().output()).isTrue();
        assertThat(i.installed()).containsEntry("acme-app", "1.0").containsEntry("acme-lib", "1.0");
    }

    @ParameterizedTest
    @MethodSource("pipIndexes")
    void aBlockedReleaseCannotBeInstalled(int pip) throws Exception {
        Installation pinned = install(pip, "pinned", "acme-lib==1.1");
        assertThat(pinned.run().ok()).isFalse();
        assertThat(pinned.run().output()).contains("No matching distribution found for acme-lib==1.1");
        assertThat(pinned.installed()).isEmpty();

        Installation malware = install(pip, "malware", "acme-evil");
        assertThat(malware.run().ok()).isFalse();
        assertThat(malware.run().output()).contains("No matching distribution found for acme-evil");
        assertThat(malware.installed()).isEmpty();
    }
}
