package dev.pymirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.server.PymirrorServer;
import dev.pymirror.server.config.AdvisoryFeedConfig;
import dev.pymirror.server.config.ServerConfig;
import dev.pymirror.server.config.StaticConfig;
import dev.pymirror.testing.OsvMirror;
import dev.pymirror.testing.OsvRecord;
import java.time.Duration;
import java.util.Map;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdvisoriesCommandTest {

    @TempDir
    Path dir;

    Path config;
    Path data;

    @BeforeEach
    void files() throws Exception {
        data = dir.resolve("data");
        config = Files.writeString(dir.resolve("pymirror.toml"), """
                [index.pypi]
                upstream = "http://127.0.0.1:9/simple/"
                """);
    }

    CliRun advisories(String... args) {
        return CliRun.run(CliRun.onData("advisories", config, data, args));
    }

    @Test
    void importThenStatus() throws Exception {
        assertThat(advisories("status").out()).contains("no advisories imported");
        Path zip = OsvRecord.zip(dir.resolve("all.zip"), List.of(
                OsvRecord.of("MAL-2026-1", "2026-01-01T00:00:00Z").pypi("evil").introduced("0"),
                OsvRecord.of("PYSEC-2026-2", "2026-01-03T00:00:00Z").pypi("lib").introduced("0").fixed("2.0")));
        CliRun imported = advisories("import", zip.toString());
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("read 2 PyPI records: 2 new").contains("2 advisories stored");

        CliRun status = advisories("status");
        assertThat(status.exitCode()).isZero();
        assertThat(status.out()).contains("advisories: 2 (malware: 1)")
                .contains("newest record modified: 2026-01-03T00:00:00Z").contains("imported: ");
    }

    @Test
    void aBadRecordFailsNamingItAndKeepsTheStore() throws Exception {
        advisories("import", OsvRecord.of("MAL-2026-1", "2026-01-01T00:00:00Z").pypi("evil").introduced("0")
                .writeTo(dir.resolve("one")).toString());
        Path bad = OsvRecord.of("PYSEC-2026-7", "2026-01-01T00:00:00Z").pypi("lib").introduced("zero").writeTo(dir.resolve("bad"));
        CliRun failed = advisories("import", bad.getParent().toString());
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.err()).contains("pymirror advisories import: PYSEC-2026-7.json (PYSEC-2026-7): affected[0] (lib),"
                + " ranges[0]: introduced 'zero' is not a PEP 440 version");
        assertThat(advisories("status").out()).contains("advisories: 1 (malware: 1)");
    }

    @Test
    void importFromAUrl() throws Exception {
        try (OsvMirror mirror = OsvMirror.start()) {
            mirror.serve(Files.readAllBytes(OsvRecord.zip(dir.resolve("all.zip"), List.of(
                    OsvRecord.of("MAL-2026-1", "2026-01-01T00:00:00Z").pypi("evil").introduced("0")))));
            CliRun imported = advisories("import", "--url", mirror.url("ops:s3cret", null).toString());
            assertThat(imported.exitCode()).as(imported.err()).isZero();
            assertThat(imported.out()).contains("read 1 PyPI records: 1 new");
            assertThat(advisories("status").out()).contains("advisories: 1 (malware: 1)");

            mirror.serve("no zip".getBytes(StandardCharsets.UTF_8));
            CliRun corrupt = advisories("import", "--url", mirror.url("ops:s3cret", null).toString());
            assertThat(corrupt.exitCode()).isEqualTo(1);
            assertThat(corrupt.err()).contains("the archive: not a readable zip").doesNotContain("s3cret")
                    .doesNotContain(dir.toString());
            assertThat(advisories("status").out()).contains("advisories: 1 (malware: 1)");
        }
        CliRun ftp = advisories("import", "--url", "ftp://u:pw@osv.example/all.zip");
        assertThat(ftp.exitCode()).isEqualTo(1);
        assertThat(ftp.err()).contains("must be an http:// or https:// URL").doesNotContain("pw@");
        assertThat(advisories("import").err()).contains("give a FILE|DIR or --url URL");
    }

    @Test
    void statusShowsHowTheServersFetchesWent() throws Exception {
        try (OsvMirror mirror = OsvMirror.start()) {
            mirror.fail(503);
            // A static index: the server asks nothing but the OSV mirror.
            PymirrorServer server = PymirrorServer.start(new ServerConfig("127.0.0.1", 0, data, false, "wheels",
                    Map.of("wheels", StaticConfig.of("wheels", Files.createDirectories(dir.resolve("tree")))))
                    .withAdvisoryFeed(new AdvisoryFeedConfig(mirror.url("ops:s3cret", null), Duration.ofHours(1))));
            try {
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (!Files.exists(data.resolve("advisories/feed.json")) && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
            } finally {
                server.close();
            }
        }
        CliRun status = advisories("status");
        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out()).contains("fetched from: http://***@127.0.0.1:").contains("last success: -")
                .contains("last error: not fetched: the server answered 503").contains("no advisories imported")
                .doesNotContain("s3cret");
    }
}
