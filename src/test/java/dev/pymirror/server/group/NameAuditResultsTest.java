package dev.pymirror.server.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The last audit's results file: counts for the metric, findings for the web UI. */
class NameAuditResultsTest {

    @TempDir
    Path data;

    @Test
    void keepsTheFindingsBesideTheCounts() throws Exception {
        NameAuditResults results = new NameAuditResults(data);
        assertThat(results.last()).isEmpty();
        NameAudit.Finding found = new NameAudit.Finding("main", "internal", "hosted", "acme-lib", "pypi",
                Optional.of("2.0"), Optional.of(Instant.parse("2026-02-01T10:20:00Z")));
        NameAudit.Finding bare = new NameAudit.Finding("main", "wheels", "static", "tree-tool", "pypi",
                Optional.empty(), Optional.empty());
        Instant ran = Instant.parse("2026-03-04T05:06:07Z");

        results.save(new NameAudit.Report(List.of(found, bare), List.of()), Set.of("main", "quiet"), ran);

        NameAuditResults.Last last = results.last().orElseThrow();
        assertThat(last.time()).isEqualTo(ran);
        assertThat(last.counts()).isEqualTo(Map.of("main", 2, "quiet", 0));
        assertThat(last.findings()).containsExactly(found, bare);
        assertThat(results.count("main")).isEqualTo(2.0);
    }

    @Test
    void aFileOfCountsOnlyReadsWithNoFindingsAndABrokenOneFailsClearly() throws Exception {
        Files.createDirectories(data.resolve("audit"));
        Files.writeString(data.resolve("audit/names.json"), "{\"time\":\"2026-03-04T05:06:07Z\",\"groups\":{\"main\":3}}");
        NameAuditResults.Last last = new NameAuditResults(data).last().orElseThrow();
        assertThat(last.counts()).isEqualTo(Map.of("main", 3));
        assertThat(last.findings()).isEmpty();

        Files.writeString(data.resolve("audit/names.json"), "{\"time\":\"yesterday\"}");
        assertThatThrownBy(() -> new NameAuditResults(data).last()).isInstanceOf(IOException.class)
                .hasMessageContaining("cannot be read");
    }
}
