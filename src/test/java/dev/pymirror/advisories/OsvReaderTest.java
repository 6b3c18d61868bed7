package dev.pymirror.advisories;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pymirror.packaging.version.Version;
import dev.pymirror.testing.OsvRecord;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OsvReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Advisory read(OsvRecord r) throws Exception {
        return OsvReader.read(JSON.readTree(r.json()), r.id() + ".json").orElseThrow();
    }

    private static boolean affects(Advisory a, String version) {
        return a.affected().get(0).affects(Version.parse(version));
    }

    @Test
    void readsIdModifiedAliasesAndNormalizesTheProjectName() throws Exception {
        Advisory a = read(OsvRecord.of("PYSEC-2024-1", "2024-05-01T10:00:00Z").alias("CVE-2024-1")
                .pypi("Flask_Like").introduced("0").fixed("1.0"));
        assertThat(a.id()).isEqualTo("PYSEC-2024-1");
        assertThat(a.modified()).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
        assertThat(a.aliases()).containsExactly("CVE-2024-1");
        assertThat(a.affected().get(0).name()).isEqualTo("flask-like");
        assertThat(a.malware()).isFalse();
    }

    @Test
    void introducedAndFixedIsHalfOpen() throws Exception {
        Advisory a = read(OsvRecord.of("PYSEC-1", "2024-01-01T00:00:00Z").pypi("p").introduced("1.2").fixed("1.5"));
        assertThat(affects(a, "1.1.9")).isFalse();
        assertThat(affects(a, "1.2")).isTrue();
        assertThat(affects(a, "1.4.99")).isTrue();
        assertThat(affects(a, "1.5")).isFalse();
        assertThat(affects(a, "1.5.post1")).isFalse();
    }

    @Test
    void lastAffectedIsInclusiveAndAnOpenRangeHasNoEnd() throws Exception {
        Advisory last = read(OsvRecord.of("PYSEC-2", "2024-01-01T00:00:00Z").pypi("p").introduced("0").lastAffected("2.0"));
        assertThat(affects(last, "0.0.1")).isTrue();
        assertThat(affects(last, "2.0")).isTrue();
        assertThat(affects(last, "2.0.1")).isFalse();
        Advisory open = read(OsvRecord.of("PYSEC-3", "2024-01-01T00:00:00Z").pypi("p").introduced("3.0"));
        assertThat(affects(open, "2.9")).isFalse();
        assertThat(affects(open, "999")).isTrue();
    }

    @Test
    void preReleasesAreOrderedAsPep440OrdersThem() throws Exception {
        Advisory a = read(OsvRecord.of("PYSEC-4", "2024-01-01T00:00:00Z").pypi("p").introduced("1.0").fixed("2.0"));
        assertThat(affects(a, "1.0rc1")).isFalse(); // before 1.0
        assertThat(affects(a, "2.0rc1")).isTrue(); // before the fix
        assertThat(affects(a, "2.0.dev3")).isTrue();
        Advisory fixedInPre = read(OsvRecord.of("PYSEC-5", "2024-01-01T00:00:00Z").pypi("p").introduced("0").fixed("2.0b1"));
        assertThat(affects(fixedInPre, "2.0a9")).isTrue();
        assertThat(affects(fixedInPre, "2.0b1")).isFalse();
        assertThat(affects(fixedInPre, "2.0")).isFalse();
    }

    @Test
    void eventsOutOfOrderAndSeveralIntervalsInOneRange() throws Exception {
        Advisory a = read(OsvRecord.of("PYSEC-6", "2024-01-01T00:00:00Z").pypi("p")
                .fixed("1.5").introduced("3.0").introduced("1.0").fixed("3.2"));
        assertThat(affects(a, "0.9")).isFalse();
        assertThat(affects(a, "1.0")).isTrue();
        assertThat(affects(a, "2.0")).isFalse();
        assertThat(affects(a, "3.1")).isTrue();
        assertThat(affects(a, "3.2")).isFalse();
    }

    @Test
    void aLimitCapsTheRange() throws Exception {
        Advisory a = read(OsvRecord.of("PYSEC-7", "2024-01-01T00:00:00Z").pypi("p").introduced("1.0").event("limit", "2.0"));
        assertThat(affects(a, "1.9")).isTrue();
        assertThat(affects(a, "2.0")).isFalse();
    }

    @Test
    void versionsListsCountByPep440Equality() throws Exception {
        Advisory a = read(OsvRecord.of("PYSEC-8", "2024-01-01T00:00:00Z").pypi("p").versions("1.0", "1.1", "not a version"));
        assertThat(affects(a, "1.0.0")).isTrue(); // 1.0 == 1.0.0
        assertThat(affects(a, "1.1")).isTrue();
        assertThat(affects(a, "1.2")).isFalse();
    }

    @Test
    void gitRangesAreSkippedAndOtherEcosystemsIgnored() throws Exception {
        Advisory a = read(OsvRecord.of("GHSA-1", "2024-01-01T00:00:00Z").affected("npm", "p").introduced("0")
                .pypi("p").range("GIT").event("introduced", "abc123").event("fixed", "def456")
                .range("ECOSYSTEM").event("introduced", "0").event("fixed", "1.0"));
        assertThat(a.affected()).hasSize(1);
        assertThat(affects(a, "0.9")).isTrue();
        assertThat(affects(a, "1.0")).isFalse();
        assertThat(OsvReader.read(JSON.readTree(OsvRecord.of("GHSA-2", "2024-01-01T00:00:00Z")
                .affected("npm", "left-pad").introduced("0").json()), "x")).isEmpty();
    }

    @Test
    void malwareWithNoRangesAffectsEveryVersion() throws Exception {
        Advisory a = read(OsvRecord.of("MAL-2024-9", "2024-01-01T00:00:00Z").pypi("evil"));
        assertThat(a.malware()).isTrue();
        assertThat(affects(a, "0.0.1")).isTrue();
        assertThat(affects(a, "99.0rc1")).isTrue();
    }

    @Test
    void invalidRangesAreErrorsNamingTheRecordAndRange() {
        assertThatThrownBy(() -> read(OsvRecord.of("PYSEC-9", "2024-01-01T00:00:00Z").pypi("p")
                .introduced("0").fixed("one.two")))
                .isInstanceOf(AdvisoryException.class)
                .hasMessageContaining("PYSEC-9.json (PYSEC-9): affected[0] (p), ranges[0]: fixed 'one.two' is not a PEP 440 version");
        assertThatThrownBy(() -> read(OsvRecord.of("PYSEC-10", "2024-01-01T00:00:00Z").pypi("p").fixed("1.0")))
                .isInstanceOf(AdvisoryException.class).hasMessageContaining("PYSEC-10").hasMessageContaining("no 'introduced'");
        assertThatThrownBy(() -> read(OsvRecord.of("PYSEC-11", "2024-01-01T00:00:00Z").pypi("p").event("broken", "1")))
                .isInstanceOf(AdvisoryException.class).hasMessageContaining("unknown event 'broken'");
        assertThatThrownBy(() -> read(OsvRecord.of("PYSEC-12", "yesterday").pypi("p").introduced("0")))
                .isInstanceOf(AdvisoryException.class).hasMessageContaining("'modified' is not an RFC 3339 time");
    }

    @Test
    void severityFromTheDatabaseWordElseTheWorstCvss3Vector() throws Exception {
        assertThat(read(OsvRecord.of("GHSA-3", "2024-01-01T00:00:00Z").databaseSeverity("MODERATE")
                .severity("CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H").pypi("p").introduced("0"))
                .severity()).contains(Severity.MEDIUM);
        assertThat(read(OsvRecord.of("PYSEC-13", "2024-01-01T00:00:00Z")
                .severity("CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:L/I:L/A:N")
                .severity("CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H").pypi("p").introduced("0"))
                .severity()).contains(Severity.CRITICAL);
        assertThat(read(OsvRecord.of("PYSEC-14", "2024-01-01T00:00:00Z")
                .severity("CVSS_V4", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N")
                .pypi("p").introduced("0")).severity()).isEmpty();
    }

    @Test
    void cvss3BaseScoresMatchTheSpecificationsExamples() {
        assertThat(CvssV3.baseScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")).contains(9.8);
        assertThat(CvssV3.baseScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H")).contains(10.0);
        assertThat(CvssV3.baseScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N")).contains(6.1);
        assertThat(CvssV3.baseScore("CVSS:3.0/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N")).contains(5.5);
        assertThat(CvssV3.baseScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N")).contains(0.0);
        assertThat(CvssV3.baseScore("CVSS:3.1/AV:X/AC:L")).isEmpty();
        assertThat(Severity.ofScore(3.9)).contains(Severity.LOW);
        assertThat(Severity.ofScore(0.0)).isEqualTo(Optional.empty());
    }

    @Test
    void aWithdrawnRecordNamesNothing() throws Exception {
        Advisory a = read(OsvRecord.of("PYSEC-15", "2024-02-01T00:00:00Z").withdrawn("2024-02-01T00:00:00Z")
                .pypi("p").introduced("0").fixed("garbage"));
        assertThat(a.withdrawn()).isTrue();
    }
}
