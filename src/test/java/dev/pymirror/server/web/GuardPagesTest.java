package dev.pymirror.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.advisories.AdvisoryStore;
import dev.pymirror.server.PymirrorServer;
import dev.pymirror.server.config.GroupConfig;
import dev.pymirror.server.config.GuardPolicy;
import dev.pymirror.server.config.HostedConfig;
import dev.pymirror.server.config.IndexConfig;
import dev.pymirror.server.config.MirrorConfig;
import dev.pymirror.server.config.ServerConfig;
import dev.pymirror.server.config.StaticConfig;
import dev.pymirror.server.group.NameAudit;
import dev.pymirror.server.group.NameAuditResults;
import dev.pymirror.testing.OsvRecord;
import dev.pymirror.testing.ServerGet;
import dev.pymirror.testing.ServerUser;
import dev.pymirror.testing.TestIndexServer;
import dev.pymirror.testing.Wheel;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supply-chain guard in the web UI, on a real server: a static tree whose index blocks malware
 * (one advisory id hostile), a mirror of a test index whose upstream quarantines a project, a group
 * over a hosted index and the mirror, and the results of a {@code pymirror audit names}.
 */
class GuardPagesTest {

    static final String JSON = ServerGet.JSON;
    static final String HOSTILE_ID = "MAL-<script>alert(1)<script>\"&";

    @TempDir
    Path tmp;

    final Wheel evil = Wheel.of("evil-pkg", "1.0").build();
    final Wheel good = Wheel.of("good-lib", "1.0").build();
    final Wheel q1 = Wheel.of("acme-q", "1.0").build();
    final Wheel q2 = Wheel.of("acme-q", "2.0").build();
    final Wheel gone = Wheel.of("gone-tool", "1.0").build();
    TestIndexServer upstream;
    PymirrorServer server;
    final ServerUser user = new ServerUser(() -> server.baseUrl());
    Path data;

    @BeforeEach
    void start() throws Exception {
        Path tree = tmp.resolve("tree");
        for (Wheel w : List.of(evil, good)) {
            Path dir = Files.createDirectories(tree.resolve(w.filename().startsWith("evil") ? "evil-pkg" : "good-lib"));
            Files.write(dir.resolve(w.filename()), w.bytes());
        }
        // A tree whose page says its project is quarantined, and still lists a file.
        Path goneDir = Files.createDirectories(tree.resolve("gone-tool"));
        Files.write(goneDir.resolve(gone.filename()), gone.bytes());
        Files.writeString(goneDir.resolve("index.json"), ("{\"meta\": {\"api-version\": \"1.4\"}, \"name\": \"gone-tool\","
                + " \"project-status\": {\"status\": \"quarantined\", \"reason\": \"malware\"},"
                + " \"versions\": [\"1.0\"], \"files\": [{\"filename\": \"%s\", \"url\": \"%s\", \"size\": %d,"
                + " \"hashes\": {\"sha256\": \"%s\"}}]}")
                .formatted(gone.filename(), gone.filename(), gone.bytes().length, gone.sha256()));
        data = tmp.resolve("data");
        new AdvisoryStore(data).importFrom(OsvRecord.zip(tmp.resolve("all.zip"), List.of(
                OsvRecord.of(HOSTILE_ID, "2026-01-01T00:00:00Z").pypi("evil-pkg").introduced("0"))), Clock.systemUTC());
        upstream = TestIndexServer.start().add(q1, q2);
        Map<String, IndexConfig> indexes = new LinkedHashMap<>();
        indexes.put("wheels", StaticConfig.of("wheels", tree));
        indexes.put("pypi", MirrorConfig.defaults("pypi").withUpstream(URI.create(upstream.simpleUrl()))
                .withPageTtl(Duration.ZERO)
                // Each request waits for the upstream's answer: under load, the default 250 ms wait
                // would answer the cached page stale and the upstream's change unseen.
                .withBreaker(Duration.ofSeconds(30), MirrorConfig.DEFAULT_PROBE_INTERVAL));
        indexes.put("internal", HostedConfig.defaults("internal"));
        indexes.put("main", GroupConfig.of("main", List.of("internal", "pypi")));
        server = PymirrorServer.start(new ServerConfig("127.0.0.1", 0, data, false, "wheels", indexes).withGuards(Map.of(
                "wheels", GuardPolicy.parse(List.of("malware"), "high", List.of("good-lib==1.0")))));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        upstream.close();
    }

    @Test
    void theIndexPageShowsThePolicyAndCountsBlockedRequests() throws Exception {
        assertThat(user.page("/-/index/wheels/")).contains("<dt>Blocks</dt>")
                .contains("malware (OSV MAL- records); vulnerabilities of severity high or worse;"
                        + " allowed whatever the advisories say: good-lib==1.0")
                .contains(">0 blocked requests since the server started<");
        assertThat(user.get("/wheels/files/evil-pkg/" + evil.filename(), "*/*").statusCode()).isEqualTo(403);
        assertThat(user.get("/wheels/files/evil-pkg/" + evil.filename(), "*/*").statusCode()).isEqualTo(403);

        assertThat(user.page("/-/index/wheels/")).contains(">2 blocked requests since the server started<");
        // An index without a policy says nothing of one.
        assertThat(user.page("/-/index/main/")).doesNotContain("Blocks").doesNotContain("blocked requests");
    }

    @Test
    void withMetricsOffTheIndexPageShowsThePolicyWithoutACount() throws Exception {
        server.close();
        server = PymirrorServer.start(new ServerConfig("127.0.0.1", 0, data, false, "wheels",
                Map.of("wheels", StaticConfig.of("wheels", tmp.resolve("tree")))).withGuards(Map.of(
                "wheels", GuardPolicy.parse(List.of("malware"), null, null))).withMetrics(false));
        assertThat(user.get("/wheels/files/evil-pkg/" + evil.filename(), "*/*").statusCode()).isEqualTo(403);
        assertThat(user.page("/-/index/wheels/")).contains("malware (OSV MAL- records)")
                .doesNotContain("blocked requests");
    }

    @Test
    void theProjectPageListsBlockedFilesMarkedWithTheAdvisoryEscaped() throws Exception {
        String html = user.page("/-/index/wheels/evil-pkg/");

        assertThat(html).contains(evil.filename()).contains("data-guard=\"withheld\"")
                .contains("<span class=\"badge bad\">blocked</span> advisory MAL-&lt;script&gt;alert(1)&lt;script&gt;&quot;&amp; (malware)")
                .doesNotContain("<script>");
        // The simple API still leaves it out: only the operator's page lists it.
        assertThat(user.get("/wheels/simple/evil-pkg/", JSON).body()).doesNotContain(evil.filename());
        assertThat(user.page("/-/index/wheels/good-lib/")).contains(good.filename()).doesNotContain(">blocked<")
                .doesNotContain("withheld");
    }

    @Test
    void aQuarantinedProjectsFilesAreListedRefusedWithTheReasonInTheMirrorAndTheGroup() throws Exception {
        assertThat(user.get("/pypi/simple/acme-q/", JSON).body()).contains(q1.filename());
        assertThat(user.get("/pypi/files/acme-q/" + q1.filename(), "*/*").statusCode()).isEqualTo(200);
        upstream.projectStatus("acme-q", "quarantined", "<script>malware</script>");
        for (int i = 0; i < 50 && user.get("/pypi/simple/acme-q/", JSON).body().contains(q1.filename()); i++) {
            Thread.sleep(20); // the mirror revalidates the page on its own thread
        }
        assertThat(user.get("/pypi/files/acme-q/" + q1.filename(), "*/*").statusCode()).isEqualTo(403);

        String html = user.page("/-/index/pypi/acme-q/");
        // The cached file, kept on disk and refused; the other was never fetched and is not offered.
        assertThat(html).contains("data-status=\"quarantined\"").contains(q1.filename()).doesNotContain(q2.filename())
                .contains("<span class=\"badge bad\">refused</span> the upstream has quarantined the project"
                        + " (&lt;script&gt;malware&lt;/script&gt;)")
                .contains(">cached<").doesNotContain("<script>");
        assertThat(html).contains("1 file is withheld");

        String group = user.page("/-/index/main/acme-q/");
        assertThat(group).contains(q1.filename()).contains(">refused<").contains("pypi ← " + upstream.simpleUrl());
    }

    @Test
    void aFileTheUpstreamRemovedWithAStatusChangeIsListedRefusedWithTheStatus() throws Exception {
        assertThat(user.get("/pypi/simple/acme-q/", JSON).body()).contains(q1.filename());
        assertThat(user.get("/pypi/files/acme-q/" + q1.filename(), "*/*").statusCode()).isEqualTo(200);
        upstream.remove(q1.filename()).projectStatus("acme-q", "deprecated", "use acme-r");
        for (int i = 0; i < 50 && !user.get("/pypi/simple/acme-q/", JSON).body().contains("deprecated"); i++) {
            Thread.sleep(20);
        }
        assertThat(user.get("/pypi/files/acme-q/" + q1.filename(), "*/*").statusCode()).isEqualTo(403);

        String html = user.page("/-/index/pypi/acme-q/");
        assertThat(html).contains("data-status=\"deprecated\"").contains(q1.filename()).contains(q2.filename())
                .contains("<span class=\"badge bad\">refused</span> the upstream removed it when the project became"
                        + " deprecated (use acme-r)")
                .contains("1 file is withheld");
    }

    @Test
    void aStaticTreesQuarantinedProjectListsItsFilesRefused() throws Exception {
        assertThat(user.get("/wheels/simple/gone-tool/", JSON).body()).doesNotContain(gone.filename());
        String html = user.page("/-/index/wheels/gone-tool/");
        assertThat(html).contains("data-status=\"quarantined\"").contains(gone.filename())
                .contains("<span class=\"badge bad\">refused</span> the project&#39;s page in the tree says it is quarantined");
    }

    @Test
    void theAuditPageShowsTheLastAuditsSharedNamesWithTheUpstreamsNewestVersion() throws Exception {
        assertThat(user.page("/-/audit")).contains("No audit has run yet");
        Instant ran = Instant.parse("2026-03-04T05:06:07Z");
        new NameAuditResults(data).save(new NameAudit.Report(List.of(new NameAudit.Finding("main", "internal", "hosted",
                "acme-q", "pypi", Optional.of("2.0"), Optional.of(Instant.parse("2026-02-01T10:20:00Z")))), List.of()),
                Set.of("main"), ran);

        String html = user.page("/-/audit");
        assertThat(html).contains("<time datetime=\"2026-03-04T05:06:07Z\">")
                .contains("1 shared name").contains("href=\"/-/index/main/acme-q/\"").contains("internal (hosted)")
                .contains("<td data-label=\"Also upstream of\">pypi</td>").contains(">2.0<")
                .contains("<time datetime=\"2026-02-01T10:20:00Z\">");
    }

    @Test
    void anAuditResultsFileThatCannotBeReadIsSaidSoWithoutAPath() throws Exception {
        Files.createDirectories(data.resolve("audit"));
        Files.writeString(data.resolve("audit/names.json"), "{not json");
        String html = user.page("/-/audit");
        assertThat(html).contains("cannot be read").doesNotContain(data.toString());
    }
}
