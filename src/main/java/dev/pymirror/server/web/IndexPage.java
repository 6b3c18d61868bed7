package dev.pymirror.server.web;

import dev.pymirror.packaging.ProjectName;
import java.util.List;

/**
 * {@code /-/index/<name>/}: one index, its facts, its projects (a mirror: those cached), a search
 * within it, and for a hosted index who uploaded what and when.
 *
 * @param server this server's URL as the reader reached it ({@code http://host:port}), for the install line
 * @param summary the index
 * @param projects the projects to list (at most {@link #MAX_LISTED} are shown)
 * @param uploads a hosted index's latest uploads; empty otherwise
 * @param mirror a mirror's upstream and cache; null otherwise
 * @param guard what it blocks by advisories and how often it refused; null when it blocks nothing
 * @param cooldown its min-age and what it holds back; null when it holds nothing back
 */
record IndexPage(String server, IndexSummary summary, List<ProjectName> projects, List<UploadRow> uploads, MirrorView mirror,
        IndexGuard guard, IndexCooldown cooldown) {

    IndexPage(String server, IndexSummary summary, List<ProjectName> projects, List<UploadRow> uploads, MirrorView mirror) {
        this(server, summary, projects, uploads, mirror, null, null);
    }

    IndexPage(String server, IndexSummary summary, List<ProjectName> projects, List<UploadRow> uploads, MirrorView mirror,
            IndexGuard guard) {
        this(server, summary, projects, uploads, mirror, guard, null);
    }

    static final int MAX_LISTED = 500;

    /** @param user the logged-in reader; null when anonymous */
    String render(String user) {
        String name = summary.name();
        HtmlWriter h = Layout.begin(name, null, user);
        h.open("p", "class", "crumbs").link(Href.home(), "Indexes").text(" / " + name).close();
        h.element("h1", name);
        h.open("dl", "class", "facts card");
        h.element("dt", "Kind").element("dd", summary.kind() + (summary.isDefault() ? " (default index, also at /simple/)" : ""));
        h.element("dt", "Source").open("dd");
        HomePage.source(h, summary);
        h.close();
        h.element("dt", "pip").open("dd").element("code", "pip install --index-url " + server + Href.simple(name) + " …").close();
        if (mirror != null) {
            h.element("dt", "Upstream").open("dd");
            Layout.stateBadge(h, mirror.status().state());
            h.text(mirror.offline() ? " offline: cache only" : "").close();
            h.element("dt", "Cache").element("dd", ServerPage.cacheText(mirror));
        }
        if (guard != null) {
            h.element("dt", "Blocks").element("dd", guard.policyText(), "data-guard", "policy");
            if (guard.blockedRequests() >= 0) {
                h.element("dt", "Refused").element("dd", guard.blockedRequests() + " blocked requests since the server started"
                        + (guard.countedTogether() ? " (all indexes that need a login, together)" : ""),
                        "data-guard", "blocked");
            }
        }
        if (cooldown != null) {
            h.element("dt", "Cooldown").element("dd", "min-age " + HumanTime.of(cooldown.minAge())
                    + ": newer files are held back from everyone" + (cooldown.exempt().isEmpty() ? ""
                    : "; exempt: " + String.join(", ", cooldown.exempt())), "data-cooldown", "min-age");
            int files = cooldown.heldBack().files();
            int projects = cooldown.heldBack().projects();
            h.element("dt", "Held back").element("dd", files + (files == 1 ? " file" : " files") + " of " + projects
                    + (projects == 1 ? " project" : " projects") + " (of the pages served since the server started)",
                    "data-cooldown", "held-back");
        }
        h.close();

        h.element("h2", "Projects");
        Layout.searchForm(h, null, name);
        if (summary.kind().equals("mirror")) {
            h.element("p", "The projects whose pages this mirror has cached; any other is fetched when asked for.",
                    "class", "muted");
        }
        if (projects.isEmpty()) {
            h.element("p", "No projects yet.", "class", "muted");
        } else {
            h.open("ul", "class", "versions projects");
            for (ProjectName p : projects.subList(0, Math.min(projects.size(), MAX_LISTED))) {
                h.open("li").link(Href.project(name, p.normalized()), p.normalized()).close();
            }
            h.close();
            if (projects.size() > MAX_LISTED) {
                h.element("p", (projects.size() - MAX_LISTED) + " more: search to find them.", "class", "muted");
            }
        }
        if (summary.kind().equals("hosted")) {
            h.element("h2", "Recent uploads");
            if (uploads.isEmpty()) {
                h.element("p", "Nothing uploaded yet.", "class", "muted");
            } else {
                h.open("table", "class", "uploads");
                Layout.head(h, "File", "Version", "Uploaded by", "When");
                h.open("tbody");
                for (UploadRow u : uploads) {
                    h.open("tr");
                    h.open("td", "data-label", "File").link(Href.project(name, u.project()), u.filename());
                    if (u.yanked() != null) {
                        h.text(" ").element("span", "yanked", "class", "badge warn");
                    }
                    h.close();
                    h.element("td", u.version(), "data-label", "Version");
                    h.element("td", u.uploader() == null ? "not recorded" : u.uploader(), "data-label", "Uploaded by");
                    h.open("td", "data-label", "When").element("time", HumanTime.of(u.uploaded()), "datetime",
                            HumanTime.iso(u.uploaded())).close();
                    h.close();
                }
                h.close().close();
            }
        }
        return Layout.end(h);
    }
}
