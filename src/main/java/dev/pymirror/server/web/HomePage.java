package dev.pymirror.server.web;

import java.util.List;

/** {@code /-/}: the indexes the reader may read, with kind, source and health, and how to point pip at them. */
final class HomePage {

    private HomePage() {}

    static String render(List<IndexSummary> indexes, String user) {
        HtmlWriter h = Layout.begin("Indexes", null, user);
        h.element("h1", "Indexes");
        h.element("p", "Python package indexes served here. Point pip at an index's simple URL:", "class", "lead");
        if (indexes.isEmpty()) {
            h.element("p", "No index that you may read. Indexes that need a login show once you are logged in.",
                    "class", "notice");
            return Layout.end(h);
        }
        h.open("table", "class", "indexes");
        Layout.head(h, "Index", "Kind", "Source", "Health", "pip");
        h.open("tbody");
        for (IndexSummary i : indexes) {
            h.open("tr");
            h.open("td", "data-label", "Index").link(Href.index(i.name()), i.name());
            if (i.isDefault()) {
                h.text(" ").element("span", "default", "class", "badge");
            }
            if (i.restricted()) {
                h.text(" ").element("span", "login", "class", "badge warn");
            }
            h.close();
            h.element("td", i.kind(), "data-label", "Kind");
            h.open("td", "data-label", "Source");
            source(h, i);
            h.close();
            h.open("td", "data-label", "Health");
            if (i.state() != null) {
                Layout.stateBadge(h, i.state());
            } else {
                h.element("span", "ok", "class", "badge ok");
            }
            h.close();
            h.open("td", "data-label", "pip").element("code", Href.simple(i.name()).toString()).close();
            h.close();
        }
        h.close().close();
        return Layout.end(h);
    }

    static void source(HtmlWriter h, IndexSummary i) {
        switch (i.kind()) {
            case "mirror" -> h.element("code", i.upstream());
            case "group" -> {
                h.text("members: ");
                for (int n = 0; n < i.members().size(); n++) {
                    h.text(n == 0 ? "" : ", ").link(Href.index(i.members().get(n)), i.members().get(n));
                }
            }
            case "hosted" -> h.text(i.projects() >= 0 ? "uploads · " + i.projects() + (i.projects() == 1 ? " project" : " projects") : "uploads");
            default -> h.text("a tree of files on this server");
        }
    }
}
