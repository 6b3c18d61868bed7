package dev.pymirror.server.web;

import java.util.List;

/** {@code /-/search?q=...[&index=...]}: projects whose names contain the query, in the indexes the reader may read. */
final class SearchPage {

    private SearchPage() {}

    /**
     * @param within the index searched, or null for all
     * @param user the logged-in reader, for the top bar; null when anonymous
     */
    static String render(String query, String within, List<SearchHit> hits, String user) {
        HtmlWriter h = Layout.begin(query.isBlank() ? "Search" : "Search: " + query, query, user);
        h.element("h1", "Search");
        Layout.searchForm(h, query, within);
        if (query.isBlank()) {
            h.element("p", "Type part of a project name: hosted uploads, static trees and what mirrors have cached"
                    + " are searched.", "class", "muted");
            return Layout.end(h);
        }
        h.open("p", "class", "lead", "id", "summary").text(hits.isEmpty() ? "No project matches " : hits.size()
                + (hits.size() >= Catalog.MAX_HITS ? "+" : "") + (hits.size() == 1 ? " project matches " : " projects match "))
                .element("q", query).text(within == null ? "." : " in " + within + ".").close();
        if (hits.isEmpty()) {
            return Layout.end(h);
        }
        h.open("table", "class", "results");
        Layout.head(h, "Project", "Indexes");
        h.open("tbody");
        for (SearchHit hit : hits) {
            h.open("tr");
            h.open("td", "data-label", "Project").link(Href.project(hit.indexes().get(0), hit.project()), hit.project())
                    .close();
            h.open("td", "data-label", "Indexes");
            for (int i = 0; i < hit.indexes().size(); i++) {
                h.text(i == 0 ? "" : ", ").link(Href.project(hit.indexes().get(i), hit.project()), hit.indexes().get(i));
            }
            h.close();
            h.close();
        }
        h.close().close();
        return Layout.end(h);
    }
}
