package dev.pymirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.testing.OsvRecord;
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
}
