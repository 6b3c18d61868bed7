package dev.pymirror.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.simple.ProjectFile;
import dev.pymirror.simple.ProjectPage;
import dev.pymirror.simple.ProjectStatus;
import dev.pymirror.simple.Yank;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProjectDetailPageTest {

    static final String SHA = "a".repeat(64);

    static ProjectFile file(String name, String reason) {
        return ProjectFile.builder(name, "../../files/acme-lib/" + name).hash("sha256", SHA).size(1_234_567)
                .uploadTime(Instant.parse("2026-01-02T03:04:05Z")).requiresPython(">=3.9")
                .yank(reason == null ? null : Yank.because(reason)).build();
    }

    @Test
    void showsVersionsFilesSizesHashesTimesOriginsAndCacheState() {
        ProjectPage page = ProjectPage.builder(ProjectName.of("Acme.Lib"))
                .files(List.of(file("acme_lib-1.0-py3-none-any.whl", null), file("acme_lib-2.0-py3-none-any.whl", null)))
                .versions(List.of("1.0", "2.0")).build();
        ProjectView view = new ProjectView("main", "group", page, List.of(
                new FileRow(page.files().get(1), "2.0", "pypi ← https://***@up.example/simple/", true, null),
                new FileRow(page.files().get(0), "1.0", "pypi ← https://***@up.example/simple/", false, null)), null);

        String html = ProjectDetailPage.render(view, "http://mirror.example:3141", null);

        assertThat(html).contains("<h1>Acme.Lib</h1>")
                .contains("href=\"/main/files/acme-lib/acme_lib-2.0-py3-none-any.whl\"")
                .contains("1.2 MB").contains("title=\"1234567 bytes\"")
                .contains("sha256:" + SHA)
                .contains("<time datetime=\"2026-01-02T03:04:05Z\">2026-01-02 03:04 UTC</time>")
                .contains("&gt;=3.9")
                .contains("pypi ← https://***@up.example/simple/")
                .contains(">cached<").contains(">not cached<")
                .contains("pip install --index-url http://mirror.example:3141/main/simple/ acme-lib");
        // Newest first.
        assertThat(html.indexOf("acme_lib-2.0")).isLessThan(html.indexOf("acme_lib-1.0"));
        assertThat(html).doesNotContain("Uploaded by");
    }

    @Test
    void hostileReasonsUploadersAndStatusesAreText() {
        String hostile = "<script>alert('x')</script>\"><img src=x onerror=alert(1)> & ü";
        ProjectPage page = ProjectPage.builder(ProjectName.of("acme-lib"))
                .files(List.of(file("acme_lib-1.0-py3-none-any.whl", hostile)))
                .status(ProjectStatus.of("quarantined", hostile)).build();
        ProjectView view = new ProjectView("internal", "hosted", page,
                List.of(new FileRow(page.files().get(0), "1.0", null, null, hostile)), hostile);

        String html = ProjectDetailPage.render(view, "http://<h>", null);

        assertThat(html).doesNotContain("<script>").doesNotContain("<img")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt; &amp; ü");
        assertThat(html).contains("data-status=\"quarantined\"").contains("Project status: quarantined.")
                .contains(">yanked<").contains("Uploaded by").contains("Served from the cache");
    }

    @Test
    void aFileLinkThatIsNoWebUrlIsPlainText() {
        ProjectFile evil = ProjectFile.builder("acme_lib-1.0-py3-none-any.whl", "javascript:alert(1)").build();
        ProjectPage page = ProjectPage.builder(ProjectName.of("acme-lib")).files(List.of(evil)).build();
        String html = ProjectDetailPage.render(new ProjectView("wheels", "static", page,
                List.of(new FileRow(evil, "1.0", null, null, null)), null), "http://h", null);
        assertThat(html).doesNotContain("javascript:").contains("<td data-label=\"File\">acme_lib-1.0-py3-none-any.whl</td>");
    }
    @Test
    void blockedAndRefusedFilesAreListedMarkedWithTheirReasonAsText() {
        String hostile = "<script>alert('x')</script>";
        ProjectPage page = ProjectPage.builder(ProjectName.of("acme-lib"))
                .files(List.of(file("acme_lib-1.0-py3-none-any.whl", null), file("acme_lib-2.0-py3-none-any.whl", null),
                        file("acme_lib-3.0-py3-none-any.whl", null))).build();
        ProjectView view = new ProjectView("main", "mirror", page, List.of(
                new FileRow(page.files().get(2), "3.0", null, true, null, null),
                new FileRow(page.files().get(1), "2.0", null, true, null, FileRow.Refusal.blocked(hostile + " (malware)")),
                new FileRow(page.files().get(0), "1.0", null, true, null, FileRow.Refusal.byStatus("the upstream removed it (" + hostile + ")"))), null);

        String html = ProjectDetailPage.render(view, "http://h", null);

        assertThat(html).doesNotContain("<script>").contains("2 files are withheld")
                .contains("<span class=\"badge bad\">blocked</span> advisory &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; (malware)")
                .contains("<span class=\"badge bad\">refused</span> the upstream removed it (&lt;script&gt;");
        // The served file is marked available, as before.
        assertThat(html.split("acme_lib-3.0")[2]).startsWith("-py3-none-any.whl</a>");
    }

    @Test
    void theIndexPageShowsItsGuardWithHostileAllowedNamesAsText() {
        var policy = dev.pymirror.server.config.GuardPolicy.parse(List.of("malware"), null, List.of("acme-lib==1.0"));
        String html = new IndexPage("http://h", new IndexSummary("wheels", "static", null, List.of(), null, -1, false, true),
                List.of(), List.of(), null, new IndexGuard(policy, 7, true)).render(null);
        assertThat(html).contains("<dd data-guard=\"policy\">malware (OSV MAL- records); allowed whatever the advisories"
                + " say: acme-lib==1.0</dd>")
                .contains("7 blocked requests since the server started (all indexes that need a login, together)");
    }
}
