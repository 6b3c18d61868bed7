package dev.pymirror.server.web;

/**
 * The frame of every page: head (charset, viewport for phones, the stylesheet), the top bar with
 * the search form (a plain GET form: it works without script), and the footer.
 */
final class Layout {

    private Layout() {}

    /**
     * Starts a page; the caller writes into {@code <main>} and then calls {@link #end}.
     *
     * @param user the logged-in reader the top bar names; null for one who sent no credentials
     */
    static HtmlWriter begin(String title, String query, String user) {
        HtmlWriter h = new HtmlWriter();
        h.open("html", "lang", "en");
        h.open("head");
        h.open("meta", "charset", "utf-8");
        h.open("meta", "name", "viewport", "content", "width=device-width, initial-scale=1");
        h.open("meta", "name", "robots", "content", "noindex");
        h.element("title", title + " · pymirror");
        h.open("link", "rel", "stylesheet", "href", Href.stylesheet().toString());
        h.close();
        h.open("body");
        h.open("header", "class", "top").open("div", "class", "bar");
        h.link(Href.home(), "pymirror", "class", "brand");
        h.open("nav", "class", "main", "aria-label", "main");
        h.link(Href.home(), "Indexes");
        h.link(Href.server(), "Server");
        h.link(Href.audit(), "Audit");
        h.link(Href.snapshots(), "Snapshots");
        if (user == null) {
            h.link(Href.login(), "Log in");
        } else {
            h.element("span", "Logged in as " + user, "class", "user");
        }
        h.close();
        searchForm(h, query, null);
        h.close().close();
        h.open("main");
        return h;
    }

    /** A search form: {@code GET /-/search?q=...}, optionally within one index. */
    static void searchForm(HtmlWriter h, String query, String index) {
        h.open("form", "class", "search", "method", "get", "action", Href.home() + "search", "role", "search");
        h.open("input", "type", "search", "name", "q", "value", query == null ? "" : query, "placeholder",
                index == null ? "Search projects" : "Search " + index, "aria-label", "Search projects", "maxlength",
                String.valueOf(WebUi.MAX_QUERY));
        if (index != null) {
            h.open("input", "type", "hidden", "name", "index", "value", index);
        }
        h.element("button", "Search", "type", "submit");
        h.close();
    }

    static String end(HtmlWriter h) {
        h.closeThrough("main");
        h.open("footer").text("pymirror · installers use ").element("code", "/simple/")
                .text("; this web UI lives under ").element("code", Href.PREFIX).close();
        h.closeThrough("html");
        return h.finish();
    }

    /** A badge for an upstream circuit state. */
    static void stateBadge(HtmlWriter h, String state) {
        if (state == null) {
            return;
        }
        String tone = switch (state) {
            case "up" -> "badge ok";
            case "slow" -> "badge warn";
            default -> "badge bad";
        };
        h.element("span", state, "class", tone);
    }

    /** A table head. */
    static void head(HtmlWriter h, String... columns) {
        h.open("thead").open("tr");
        for (String c : columns) {
            h.element("th", c, "scope", "col");
        }
        h.close().close();
    }
}
