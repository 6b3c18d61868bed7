package dev.pymirror.server.web;

/** A page that says what went wrong (404, an upstream that failed), in words and with a way back. */
final class MessagePage {

    private MessagePage() {}

    static String render(String title, String message, String user) {
        HtmlWriter h = Layout.begin(title, null, user);
        h.element("h1", title);
        h.element("p", message, "class", "notice");
        h.open("p").link(Href.home(), "All indexes").close();
        return Layout.end(h);
    }
}
