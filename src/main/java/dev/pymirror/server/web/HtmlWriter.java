package dev.pymirror.server.web;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;

/**
 * Writes an HTML document in which every text and every attribute value is escaped: there is no
 * method that writes a string as markup. Element and attribute names must be plain lower-case
 * words (they are the code's own constants, never data), and elements are closed in order from a
 * stack, so a page cannot leave one open. Everything a page shows (project names, summaries,
 * yank reasons, upstream messages, user names) comes from outside and goes through here.
 */
final class HtmlWriter {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");
    /** Elements that have no end tag. */
    private static final java.util.Set<String> VOID = java.util.Set.of("meta", "link", "input", "br", "hr", "img");

    private final StringBuilder out = new StringBuilder(4096);
    private final Deque<String> open = new ArrayDeque<>();

    HtmlWriter() {
        out.append("<!DOCTYPE html>\n");
    }

    /**
     * Opens an element.
     *
     * @param attributes name, value, name, value...; a null value leaves the attribute out, an
     *     empty one writes it bare (a boolean attribute)
     */
    HtmlWriter open(String tag, String... attributes) {
        start(tag, attributes);
        if (!VOID.contains(tag)) {
            open.push(tag);
        }
        return this;
    }

    /** Closes the element opened last. */
    HtmlWriter close() {
        if (open.isEmpty()) {
            throw new IllegalStateException("no element is open");
        }
        out.append("</").append(open.pop()).append('>');
        return this;
    }

    /** Closes elements until {@code tag}, the innermost open one of that name, is closed too. */
    HtmlWriter closeThrough(String tag) {
        if (!open.contains(tag)) {
            throw new IllegalStateException("no open <" + tag + ">");
        }
        String closed;
        do {
            closed = open.pop();
            out.append("</").append(closed).append('>');
        } while (!closed.equals(tag));
        return this;
    }

    /** Text, escaped. */
    HtmlWriter text(String text) {
        escape(text == null ? "" : text, false);
        return this;
    }

    /** An element holding only this text. */
    HtmlWriter element(String tag, String text, String... attributes) {
        return open(tag, attributes).text(text).close();
    }

    /** A link to {@code href} (a {@link Href} of this server, or null for plain text). */
    HtmlWriter link(Href href, String text, String... attributes) {
        if (href == null) {
            return text(text);
        }
        String[] all = new String[attributes.length + 2];
        all[0] = "href";
        all[1] = href.toString();
        System.arraycopy(attributes, 0, all, 2, attributes.length);
        return element("a", text, all);
    }

    /** The document, every element closed. */
    String finish() {
        if (!open.isEmpty()) {
            throw new IllegalStateException("elements left open: " + open);
        }
        return out.toString();
    }

    private void start(String tag, String... attributes) {
        checkName(tag);
        if (attributes.length % 2 != 0) {
            throw new IllegalArgumentException("attributes come in name, value pairs");
        }
        out.append('<').append(tag);
        for (int i = 0; i < attributes.length; i += 2) {
            String name = attributes[i];
            String value = attributes[i + 1];
            checkName(name);
            if (name.startsWith("on") || name.equals("style")) {
                // Script and inline style belong in no page of ours, whatever a caller passes.
                throw new IllegalArgumentException("attribute '" + name + "' is not written");
            }
            if (value == null) {
                continue;
            }
            out.append(' ').append(name);
            if (!value.isEmpty()) {
                out.append("=\"");
                escape(value, true);
                out.append('"');
            }
        }
        out.append('>');
    }

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not an element or attribute name: " + name);
        }
    }

    /**
     * Escapes markup characters, and replaces what HTML may not carry (control characters other
     * than tab and newline, lone surrogates) by U+FFFD so that a hostile name cannot break the
     * document's parse either.
     */
    private void escape(String s, boolean attribute) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case '\t' -> out.append(c);
                case '\n', '\r' -> out.append(attribute ? ' ' : '\n');
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c) || c < 0x20 || (c >= 0x7f && c < 0xa0)) {
                        out.append('\uFFFD');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }
}
