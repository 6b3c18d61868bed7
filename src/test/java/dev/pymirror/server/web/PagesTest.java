package dev.pymirror.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.server.config.RetentionPolicy;
import dev.pymirror.server.group.NameAudit;
import dev.pymirror.server.group.NameAuditResults;
import dev.pymirror.server.mirror.CacheUse;
import dev.pymirror.server.mirror.UpstreamFailure;
import dev.pymirror.server.mirror.UpstreamStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The home, index, search and server pages: what they show, and hostile text kept as text. */
class PagesTest {

    static final String HOSTILE = "<script>alert(1)</script>\"'&";
    static final String ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;";
    static final Instant T = Instant.parse("2026-12-03T10:00:00Z");

    static MirrorView mirror(String failure) {
        return new MirrorView("pypi", "https://***@up.example/simple/", false,
                new UpstreamStatus("down", T, "timed out " + HOSTILE, T.plusSeconds(10), null), T,
                new CacheUse(12, 2_500_000, true, new RetentionPolicy(10_000_000, Duration.ofDays(90), 5,
                        Duration.ofHours(1)), T, 3, 4000),
                List.of(new UpstreamFailure(T, failure)));
    }

    @Test
    void everyPageIsAPhoneReadableDocumentWithTheStylesheetAndNoScript() {
        for (String html : List.of(HomePage.render(List.of(), null), SearchPage.render("", null, List.of(), null),
                ServerPage.render(T, List.of(), null), MessagePage.render("Not found", "x", null))) {
            assertThat(html).startsWith("<!DOCTYPE html>\n<html lang=\"en\">")
                    .contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                    .contains("<link rel=\"stylesheet\" href=\"/-/style.css\">")
                    .contains("<form class=\"search\" method=\"get\" action=\"/-/search\"")
                    .doesNotContain("<script").endsWith("</html>");
        }
        assertThat(StyleSheet.CSS).contains("@media (max-width: 640px)").contains("content: attr(data-label)");
    }

    @Test
    void homeListsIndexesWithKindSourceAndHealth() {
        String html = HomePage.render(List.of(
                new IndexSummary("main", "group", null, List.of("internal", "pypi"), null, -1, true, false),
                new IndexSummary("pypi", "mirror", "https://***@up.example/simple/", List.of(), "down", -1, false, false),
                new IndexSummary("internal", "hosted", null, List.of(), null, 3, false, true)), null);
        assertThat(html).contains("<a href=\"/-/index/main/\">main</a> <span class=\"badge\">default</span>")
                .contains("<a href=\"/-/index/internal/\">internal</a>").contains("<code>https://***@up.example/simple/</code>")
                .contains("<span class=\"badge bad\">down</span>").contains("uploads · 3 projects")
                .contains("<span class=\"badge warn\">login</span>").contains("<code>/main/simple/</code>");
    }

    @Test
    void aHostedIndexPageListsWhoUploadedWhatAndWhen() {
        IndexPage page = new IndexPage("http://h:1", new IndexSummary("internal", "hosted", null, List.of(), null, 1, false, false),
                List.of(ProjectName.of("acme-app")),
                List.of(new UploadRow("acme-app", "acme_app-1.0-py3-none-any.whl", "1.0", HOSTILE, T, HOSTILE),
                        new UploadRow("acme-app", "acme_app-0.9-py3-none-any.whl", "0.9", null, T.minusSeconds(60), null)),
                null);
        String html = page.render(null);
        assertThat(html).contains("Recent uploads").contains(ESCAPED).doesNotContain("<script>")
                .contains("<a href=\"/-/index/internal/acme-app/\">acme_app-1.0-py3-none-any.whl</a>")
                .contains("not recorded").contains("<time datetime=\"2026-12-03T10:00:00Z\">2026-12-03 10:00 UTC</time>")
                .contains("<input type=\"hidden\" name=\"index\" value=\"internal\">");
    }

    @Test
    void searchShowsTheQueryAsTextAndLinksEachIndexHavingTheProject() {
        String html = SearchPage.render(HOSTILE, null, List.of(new SearchHit("acme-lib", List.of("main", "pypi"))), null);
        assertThat(html).contains("1 project matches <q>" + ESCAPED + "</q>.")
                .contains("value=\"" + ESCAPED + "\"")
                .contains("<a href=\"/-/index/main/acme-lib/\">main</a>, <a href=\"/-/index/pypi/acme-lib/\">pypi</a>")
                .doesNotContain("<script>");
        assertThat(SearchPage.render("zzz", "pypi", List.of(), null)).contains("No project matches <q>zzz</q> in pypi.");
    }

    @Test
    void theServerPageShowsCacheRetentionCircuitAndRecentErrors() {
        String html = ServerPage.render(T, List.of(mirror("HTTP 503 from " + HOSTILE)), null);
        assertThat(html).contains("12 files, 2.5 MB of 10 MB (25 %)")
                .contains("at most 10 MB; files unread for 90 d go; the newest 5 versions per project; applied every 1 h")
                .contains("3 files evicted, 4.0 kB freed")
                .contains("<span class=\"badge bad\">down</span>").contains("down since 2026-12-03 10:00 UTC (timed out " + ESCAPED)
                .contains("HTTP 503 from " + ESCAPED).doesNotContain("<script>");
    }
    @Test
    void theAuditPageShowsOnlyReadableGroupsUnnamesUnreadableMembersAndKeepsHostileTextAsText() {
        NameAuditResults.Last last = new NameAuditResults.Last(T, Map.of("main", 1, "closed", 1, "quiet", 0), List.of(
                new NameAudit.Finding("main", "internal", HOSTILE, "acme-lib", "hidden-mirror", Optional.of(HOSTILE),
                        Optional.of(T)),
                new NameAudit.Finding("closed", "secret", "hosted", "secret-tool", "pypi", Optional.empty(),
                        Optional.empty())));

        String html = AuditPage.render(last, false, List.of("main", "quiet", "internal"), null);

        assertThat(html).contains("acme-lib").contains("internal (" + ESCAPED + ")").contains(">" + ESCAPED + "<")
                .contains("a member you may not read").doesNotContain("hidden-mirror")
                .doesNotContain("secret-tool").doesNotContain("closed").doesNotContain("<script>")
                .contains("No name is shared with an upstream.");
        assertThat(AuditPage.render(null, false, List.of(), null)).contains("No audit has run yet");
        assertThat(AuditPage.render(last, false, List.of(), null)).contains("covered no group that you may read");
    }
}
