package dev.pymirror.server.web;

import dev.pymirror.simple.ProjectFile;
import dev.pymirror.simple.ProjectStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /-/index/<index>/<project>/}: a project's versions and files with sizes, hashes, upload
 * times, yanked reasons, its PEP 792 status, where each file came from (a group's member, a
 * mirror's upstream), whether a mirror has it cached, and who uploaded it to a hosted index.
 */
final class ProjectDetailPage {

    private ProjectDetailPage() {}

    /**
     * @param server this server's URL as the reader reached it ({@code http://host:port}), for the install line
     * @param user the logged-in reader, for the top bar; null when anonymous
     */
    static String render(ProjectView v, String server, String user) {
        String project = v.page().name().normalized();
        String shownName = v.page().name().original();
        HtmlWriter h = Layout.begin(shownName + " in " + v.index(), null, user);
        h.open("p", "class", "crumbs").link(Href.home(), "Indexes").text(" / ").link(Href.index(v.index()), v.index())
                .text(" / " + project).close();
        h.element("h1", shownName);
        v.page().status().filter(s -> !s.status().equals("active")).ifPresent(s -> status(h, s));
        if (v.warning() != null) {
            h.open("p", "class", "notice").element("strong", "Served from the cache: ")
                    .text("the upstream failed (" + v.warning() + ").").close();
        }
        h.open("p", "class", "lead").text("Install: ")
                .element("code", "pip install --index-url " + server + Href.simple(v.index()) + " " + project).close();

        Map<String, Integer> versions = new LinkedHashMap<>();
        for (FileRow r : v.files()) {
            versions.merge(r.version() == null ? "(no version)" : r.version(), 1, Integer::sum);
        }
        for (String listed : v.page().versions()) {
            versions.putIfAbsent(listed, 0); // PEP 700: a version may have no files (all deleted)
        }
        h.element("h2", "Versions (" + versions.size() + ")");
        h.open("ul", "class", "versions");
        versions.forEach((version, count) -> h.open("li").open("a", "href", "#files")
                .text(version + (count == 1 ? "" : " · " + count + " files")).close().close());
        h.close();

        boolean mirrorInvolved = v.files().stream().anyMatch(r -> r.cached() != null);
        boolean hosted = v.kind().equals("hosted") || v.files().stream().anyMatch(r -> r.uploader() != null);
        boolean origins = v.files().stream().anyMatch(r -> r.origin() != null);
        h.open("h2", "id", "files").text("Files (" + v.files().size() + ")").close();
        long refused = v.files().stream().filter(r -> r.refused() != null && !heldBack(r)).count();
        if (refused > 0) {
            h.element("p", refused + (refused == 1 ? " file is" : " files are") + " withheld: listed here for the operator,"
                    + " left out of the index's pages and refused (403) to installers.", "class", "notice bad",
                    "data-guard", "withheld");
        }
        long held = v.files().stream().filter(ProjectDetailPage::heldBack).count();
        if (held > 0) {
            h.element("p", held + (held == 1 ? " file is" : " files are") + " held back by the index's min-age: listed"
                    + " here for the operator, left out of the index's pages and not served (404) until of age.",
                    "class", "notice", "data-cooldown", "held-back");
        }
        if (v.files().isEmpty()) {
            h.element("p", "This project has no files.", "class", "muted");
            return Layout.end(h);
        }
        h.open("table", "class", "files");
        h.open("thead").open("tr");
        for (String c : new String[] {"File", "Version", "Size", "Uploaded", "Python", "Hashes", "Status"}) {
            h.element("th", c, "scope", "col");
        }
        if (origins) {
            h.element("th", "From", "scope", "col");
        }
        if (mirrorInvolved) {
            h.element("th", "Cached", "scope", "col");
        }
        if (hosted) {
            h.element("th", "Uploaded by", "scope", "col");
        }
        h.close().close();
        h.open("tbody");
        for (FileRow r : v.files()) {
            ProjectFile f = r.file();
            h.open("tr");
            h.open("td", "data-label", "File").link(Href.file(v.index(), project, f.url()), f.filename()).close();
            h.element("td", r.version() == null ? "—" : r.version(), "data-label", "Version");
            h.element("td", f.size().isPresent() ? HumanBytes.of(f.size().getAsLong()) : "—", "class", "num",
                    "data-label", "Size", "title", f.size().isPresent() ? f.size().getAsLong() + " bytes" : null);
            h.open("td", "data-label", "Uploaded");
            if (f.uploadTime().isPresent()) {
                h.element("time", HumanTime.of(f.uploadTime().get()), "datetime", HumanTime.iso(f.uploadTime().get()));
            } else {
                h.text("—");
            }
            h.close();
            h.element("td", f.requiresPython().orElse("any"), "data-label", "Python");
            h.open("td", "data-label", "Hashes");
            if (f.hashes().isEmpty()) {
                h.text("—");
            }
            f.hashes().forEach((algorithm, digest) -> h.open("div", "class", "hash").text(algorithm + ":" + digest).close());
            h.close();
            h.open("td", "data-label", "Status");
            if (heldBack(r)) {
                // Listed for the operator with the moment it comes of age; the simple API leaves it out.
                h.element("span", "held back", "class", "badge warn").text(" " + r.refused().reason() + " ");
                if (r.refused().until() != null) {
                    h.element("time", HumanTime.of(r.refused().until()), "datetime", HumanTime.iso(r.refused().until()),
                            "data-cooldown", "until").text(" ");
                }
            } else if (r.refused() != null) {
                // Listed for the operator, withheld from installers: the simple API's pages leave it out.
                // "blocked" by an advisory, "refused" by the upstream's status: both answer 403.
                h.element("span", r.refused().cause() == FileRow.Refusal.Cause.BLOCKED ? "blocked" : "refused", "class", "badge bad")
                        .text(" " + r.refused().reason() + " ");
            }
            if (f.yank().isPresent()) {
                h.element("span", "yanked", "class", "badge warn");
                f.yank().get().givenReason().ifPresent(reason -> h.text(" " + reason));
            } else {
                h.element("span", "available", "class", "badge ok");
            }
            h.close();
            if (origins) {
                h.element("td", r.origin() == null ? v.index() : r.origin(), "data-label", "From");
            }
            if (mirrorInvolved) {
                h.open("td", "data-label", "Cached");
                if (r.cached() == null) {
                    h.text("—");
                } else {
                    h.element("span", r.cached() ? "cached" : "not cached", "class", r.cached() ? "badge ok" : "badge");
                }
                h.close();
            }
            if (hosted) {
                h.element("td", r.uploader() == null ? "—" : r.uploader(), "data-label", "Uploaded by");
            }
            h.close();
        }
        h.close().close();
        return Layout.end(h);
    }

    private static boolean heldBack(FileRow r) {
        return r.refused() != null && r.refused().cause() == FileRow.Refusal.Cause.HELD_BACK;
    }

    private static void status(HtmlWriter h, ProjectStatus s) {
        boolean bad = s.status().equals("quarantined");
        h.open("p", "class", bad ? "notice bad" : "notice", "data-status", s.status())
                .element("strong", "Project status: " + s.status() + ". ");
        s.reason().ifPresent(h::text);
        if (bad) {
            h.text(" Installers are offered no files of a quarantined project.");
        }
        h.close();
    }
}
