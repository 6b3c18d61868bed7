package dev.pymirror.advisories;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pymirror.packaging.version.Version;
import dev.pymirror.testing.OsvRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdvisoryStoreTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private final OsvRecord malware = OsvRecord.of("MAL-2026-1", "2026-01-01T00:00:00Z").pypi("evil-pkg").introduced("0");
    private final OsvRecord vuln = OsvRecord.of("PYSEC-2026-2", "2026-01-01T00:00:00Z").databaseSeverity("HIGH")
            .pypi("Good_Lib").introduced("1.0").fixed("1.2");

    private AdvisoryStore store() {
        return new AdvisoryStore(dir.resolve("data"));
    }

    @Test
    void nothingImportedIsNoAdvisories() throws Exception {
        Advisories none = store().load();
        assertThat(none.count()).isZero();
        assertThat(none.imported()).isEmpty();
    }

    @Test
    void importsAZipAndLooksUpByNormalizedNameAndVersion() throws Exception {
        Path zip = OsvRecord.zip(dir.resolve("all.zip"), List.of(malware, vuln,
                OsvRecord.of("GHSA-npm", "2026-01-01T00:00:00Z").affected("npm", "left-pad").introduced("0")));
        ImportReport report = store().importFrom(zip, CLOCK);
        assertThat(report).isEqualTo(new ImportReport(2, 2, 0, 0, 0, 2));

        Advisories a = store().load();
        assertThat(a.count()).isEqualTo(2);
        assertThat(a.malwareCount()).isEqualTo(1);
        assertThat(a.imported()).contains(CLOCK.instant());
        assertThat(a.newestModified()).contains(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(a.affecting("good-lib", Version.parse("1.1"))).extracting(Advisory::id).containsExactly("PYSEC-2026-2");
        assertThat(a.affecting("good-lib", Version.parse("1.2"))).isEmpty();
        assertThat(a.affecting("evil-pkg", Version.parse("5"))).extracting(Advisory::id).containsExactly("MAL-2026-1");
        assertThat(a.of("left-pad")).isEmpty();
        assertThat(a.affecting("good-lib", Version.parse("1.1")).get(0).severity()).contains(Severity.HIGH);
    }

    @Test
    void importsAFolderAndAgainOnlyNewerRecordsReplaceOlderOnes() throws Exception {
        malware.writeTo(dir.resolve("osv/a"));
        vuln.writeTo(dir.resolve("osv/b"));
        store().importFrom(dir.resolve("osv"), CLOCK);

        // The same records again change nothing; a newer copy of one replaces it, an older one does not.
        Path again = dir.resolve("again");
        OsvRecord.of("PYSEC-2026-2", "2026-02-01T00:00:00Z").pypi("good-lib").introduced("1.0").fixed("1.3").writeTo(again);
        OsvRecord.of("MAL-2026-1", "2025-12-01T00:00:00Z").pypi("evil-pkg").introduced("0").fixed("0.1").writeTo(again);
        ImportReport report = store().importFrom(again, CLOCK);
        assertThat(report).isEqualTo(new ImportReport(2, 0, 1, 0, 1, 2));

        Advisories a = store().load();
        assertThat(a.affecting("good-lib", Version.parse("1.2"))).hasSize(1); // the newer range
        assertThat(a.affecting("evil-pkg", Version.parse("5"))).hasSize(1); // the older record was not taken

        // A withdrawn, newer copy removes the record.
        Path withdrawn = dir.resolve("withdrawn");
        OsvRecord.of("PYSEC-2026-2", "2026-03-01T00:00:00Z").withdrawn("2026-03-01T00:00:00Z").pypi("good-lib")
                .introduced("0").writeTo(withdrawn);
        assertThat(store().importFrom(withdrawn, CLOCK).withdrawn()).isEqualTo(1);
        assertThat(store().load().of("good-lib")).isEmpty();
    }

    @Test
    void aCorruptZipImportsNothingAndKeepsTheOldStore() throws Exception {
        store().importFrom(OsvRecord.zip(dir.resolve("first.zip"), List.of(malware)), CLOCK);
        byte[] before = Files.readAllBytes(store().file());

        Path full = OsvRecord.zip(dir.resolve("all.zip"), List.of(vuln, OsvRecord.of("MAL-2026-3", "2026-01-01T00:00:00Z")
                .pypi("other").introduced("0")));
        byte[] bytes = Files.readAllBytes(full);
        Path truncated = Files.write(dir.resolve("truncated.zip"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> store().importFrom(truncated, CLOCK)).isInstanceOf(AdvisoryException.class)
                .hasMessageContaining("truncated.zip").hasMessageContaining("zip");
        Path garbage = Files.writeString(dir.resolve("garbage.zip"), "not a zip at all");
        assertThatThrownBy(() -> store().importFrom(garbage, CLOCK)).isInstanceOf(AdvisoryException.class)
                .hasMessageContaining("garbage.zip: not a readable zip archive");

        assertThat(Files.readAllBytes(store().file())).isEqualTo(before);
        assertThat(store().load().count()).isEqualTo(1);
        assertNoStagingLeft();
    }

    @Test
    void aRecordWithAnInvalidRangeImportsNothingAndNamesTheEntry() throws Exception {
        store().importFrom(OsvRecord.zip(dir.resolve("first.zip"), List.of(malware)), CLOCK);
        byte[] before = Files.readAllBytes(store().file());

        OsvRecord bad = OsvRecord.of("PYSEC-2026-9", "2026-01-05T00:00:00Z").pypi("p").introduced("0").fixed("1.x.y");
        Path zip = OsvRecord.zip(dir.resolve("all.zip"), List.of(vuln, bad));
        assertThatThrownBy(() -> store().importFrom(zip, CLOCK)).isInstanceOf(AdvisoryException.class)
                .hasMessage("all.zip: PYSEC-2026-9.json (PYSEC-2026-9): affected[0] (p), ranges[0]:"
                        + " fixed '1.x.y' is not a PEP 440 version");

        assertThat(Files.readAllBytes(store().file())).isEqualTo(before);
        assertThat(store().load().of("good-lib")).isEmpty(); // the good record before it was not taken either
        assertNoStagingLeft();
    }

    @Test
    void aDamagedStoreIsAClearError() throws Exception {
        store().importFrom(OsvRecord.zip(dir.resolve("first.zip"), List.of(malware)), CLOCK);
        Files.writeString(store().file(), "{\"records\": [");
        assertThatThrownBy(() -> store().load()).isInstanceOf(AdvisoryException.class)
                .hasMessageContaining("is damaged").hasMessageContaining("import the advisories again");
    }

    private void assertNoStagingLeft() throws Exception {
        try (Stream<Path> files = Files.list(store().file().getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("advisories.json", ".lock");
        }
    }
}
