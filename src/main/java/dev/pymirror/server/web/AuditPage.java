package dev.pymirror.server.web;

import dev.pymirror.server.group.NameAudit;
import dev.pymirror.server.group.NameAuditResults;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * {@code /-/audit}: what the last {@code pymirror audit names} found, read from its results file:
 * per group the names a hosted or static member owns that a mirror member's upstream also has, with
 * the upstream's newest version and its upload time. The server never asks an upstream itself (that
 * would tell a public index the private names); the page says when the audit ran.
 */
final class AuditPage {

    private AuditPage() {}

    /**
     * @param last the last audit; null when none has run
     * @param unreadable true when the results file is there but cannot be read
     * @param user the logged-in reader, for the top bar; null when anonymous
     * @param readable the indexes the reader may read: only their groups are shown, and a member the
     *     reader may not read goes unnamed
     */
    static String render(NameAuditResults.Last last, boolean unreadable, Collection<String> readable, String user) {
        HtmlWriter h = Layout.begin("Shared names", null, user);
        h.element("h1", "Shared names");
        h.open("p", "class", "lead").text("Projects a group's hosted or static member owns that a mirror member's"
                + " upstream also has: names someone else holds, or squats, on the public index. The group serves"
                + " the owner's versions only. Found by ").element("code", "pymirror audit names")
                .text("; this server never asks an upstream about private names on its own.").close();
        if (unreadable) {
            h.element("p", "The last audit's results cannot be read; the server's log says more. Run the audit again.",
                    "class", "notice bad");
            return Layout.end(h);
        }
        if (last == null) {
            h.open("p", "class", "muted").text("No audit has run yet: run ").element("code", "pymirror audit names")
                    .text(".").close();
            return Layout.end(h);
        }
        h.open("p").text("Last audit: ").element("time", HumanTime.of(last.time()), "datetime", HumanTime.iso(last.time()))
                .text(".").close();
        boolean any = false;
        for (Map.Entry<String, Integer> group : last.counts().entrySet()) {
            if (!readable.contains(group.getKey())) {
                continue; // a group the reader may not read is not named
            }
            any = true;
            List<NameAudit.Finding> found = last.findings().stream().filter(f -> f.group().equals(group.getKey())).toList();
            h.open("section", "class", "audit", "data-index", group.getKey());
            h.open("h2").link(Href.index(group.getKey()), group.getKey())
                    .text(": " + group.getValue() + (group.getValue() == 1 ? " shared name" : " shared names")).close();
            if (group.getValue() == 0) {
                h.element("p", "No name is shared with an upstream.", "class", "muted");
            } else if (found.isEmpty()) {
                h.element("p", "This audit's results list counts only (written by an older pymirror): run it again"
                        + " to see the names.", "class", "muted");
            } else {
                h.open("table", "class", "audit");
                Layout.head(h, "Project", "Owned by", "Also upstream of", "Upstream's newest", "Uploaded");
                h.open("tbody");
                for (NameAudit.Finding f : found) {
                    h.open("tr");
                    h.open("td", "data-label", "Project").link(Href.project(f.group(), f.project()), f.project()).close();
                    h.element("td", member(f.owner(), readable) + " (" + f.ownerKind() + ")", "data-label", "Owned by");
                    h.element("td", member(f.mirror(), readable), "data-label", "Also upstream of");
                    h.element("td", f.newestVersion().orElse("—"), "data-label", "Upstream's newest");
                    h.open("td", "data-label", "Uploaded");
                    if (f.uploaded().isPresent()) {
                        h.element("time", HumanTime.of(f.uploaded().get()), "datetime", HumanTime.iso(f.uploaded().get()));
                    } else {
                        h.text("—");
                    }
                    h.close();
                    h.close();
                }
                h.close().close();
            }
            h.close();
        }
        if (!any) {
            h.element("p", "The last audit covered no group that you may read.", "class", "muted");
        }
        return Layout.end(h);
    }

    private static String member(String name, Collection<String> readable) {
        return readable.contains(name) ? name : "a member you may not read";
    }
}
