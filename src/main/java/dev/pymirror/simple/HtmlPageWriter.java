package dev.pymirror.simple;

import java.io.IOException;
import java.io.Writer;

/**
 * Writes PEP 503 pages as HTML5, in the shape PyPI serves them, escaping every value.
 *
 * <p>Text goes into a buffer that is handed to the {@link Writer} (if any) in large chunks, so a
 * project list of hundreds of thousands of names streams out without being held whole.
 */
final class HtmlPageWriter {

    private static final int FLUSH_AT = 1 << 16;

    private final StringBuilder buffer;
    private final Writer target;

    private HtmlPageWriter(Writer target, int expectedSize) {
        this.target = target;
        this.buffer = new StringBuilder(target == null ? expectedSize : FLUSH_AT + 4096);
    }

    static String projectPage(ProjectPage page) {
        HtmlPageWriter writer = new HtmlPageWriter(null, 512 + page.files().size() * 300);
        writer.writePage(page);
        return writer.buffer.toString();
    }

    static void projectPage(ProjectPage page, Writer target) throws IOException {
        HtmlPageWriter writer = new HtmlPageWriter(target, 0);
        try {
            writer.writePage(page);
        } catch (WriteFailure e) {
            throw e.getCause();
        }
        writer.flush();
    }

    static String projectList(ProjectList list) {
        HtmlPageWriter writer = new HtmlPageWriter(null, 256 + list.projects().size() * 48);
        writer.writeList(list);
        return writer.buffer.toString();
    }

    static void projectList(ProjectList list, Writer target) throws IOException {
        HtmlPageWriter writer = new HtmlPageWriter(target, 0);
        try {
            writer.writeList(list);
        } catch (WriteFailure e) {
            throw e.getCause();
        }
        writer.flush();
    }

    private void writePage(ProjectPage page) {
        String name = page.name().original();
        head(page.meta());
        for (String url : page.tracks()) {
            meta("pypi:tracks", url);
        }
        for (String url : page.alternateLocations()) {
            meta("pypi:alternate-locations", url);
        }
        page.status().ifPresent(status -> {
            meta("pypi:project-status", status.status());
            status.reason().ifPresent(reason -> meta("pypi:project-status-reason", reason));
        });
        buffer.append("    <title>Links for ");
        text(name);
        buffer.append("</title>\n  </head>\n  <body>\n    <h1>Links for ");
        text(name);
        buffer.append("</h1>\n");
        for (ProjectFile file : page.files()) {
            anchor(file);
            flushIfFull();
        }
        tail(page.meta());
    }

    private void writeList(ProjectList list) {
        head(list.meta());
        buffer.append("    <title>Simple index</title>\n  </head>\n  <body>\n");
        for (ListedProject project : list.projects()) {
            // Relative, so the page works under whatever base URL the index is served.
            buffer.append("    <a href=\"").append(project.name().normalized()).append("/\">");
            text(project.name().original());
            buffer.append("</a><br>\n");
            flushIfFull();
        }
        tail(list.meta());
    }

    private void head(PageMeta meta) {
        buffer.append("<!DOCTYPE html>\n<html>\n  <head>\n    <meta charset=\"utf-8\">\n");
        meta("pypi:repository-version", meta.apiVersion().toString());
    }

    private void tail(PageMeta meta) {
        buffer.append("  </body>\n</html>\n");
        // PyPI's way of carrying the serial in HTML: a comment after the document.
        meta.lastSerial().ifPresent(serial -> buffer.append("<!--SERIAL ").append(serial).append("-->\n"));
    }

    private void meta(String name, String content) {
        buffer.append("    <meta name=\"").append(name).append("\" content=\"");
        attribute(content);
        buffer.append("\">\n");
    }

    private void anchor(ProjectFile file) {
        buffer.append("    <a href=\"");
        attribute(file.url());
        String fragment = Digests.toFragment(file.hashes());
        if (fragment != null) {
            buffer.append('#').append(fragment);
        }
        buffer.append('"');
        if (file.requiresPython().isPresent()) {
            dataAttribute("data-requires-python", file.requiresPython().get());
        }
        if (file.yank().isPresent()) {
            dataAttribute("data-yanked", file.yank().get().reason());
        }
        file.coreMetadata().filter(CoreMetadata::available).ifPresent(metadata -> {
            String hash = Digests.toFragment(metadata.hashes());
            String value = hash == null ? "true" : hash;
            // PEP 714's name only: pip 22.x to 23.0 act on the legacy data-dist-info-metadata by
            // comparing the metadata's raw Name with the name the user typed, so that with it
            // Debian 12's pip cannot install Flask or Django from these pages (PEP 714 retired it
            // for that reason). Without it those pips download the file and read its metadata.
            dataAttribute("data-core-metadata", value);
        });
        if (file.gpgSig().isPresent()) {
            dataAttribute("data-gpg-sig", file.gpgSig().get() ? "true" : "false");
        }
        if (file.provenance().isPresent()) {
            dataAttribute("data-provenance", file.provenance().get());
        }
        buffer.append('>');
        text(file.filename());
        buffer.append("</a><br>\n");
    }

    private void dataAttribute(String name, String value) {
        buffer.append(' ').append(name).append("=\"");
        attribute(value);
        buffer.append('"');
    }

    /** Appends {@code value} escaped for a double-quoted attribute. */
    private void attribute(String value) {
        escape(value, true);
    }

    /** Appends {@code value} escaped for element content. */
    private void text(String value) {
        escape(value, false);
    }

    private void escape(String value, boolean inAttribute) {
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            String entity = switch (value.charAt(i)) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> inAttribute ? "&quot;" : null;
                default -> null;
            };
            if (entity != null) {
                buffer.append(value, start, i).append(entity);
                start = i + 1;
            }
        }
        buffer.append(value, start, value.length());
    }

    private void flushIfFull() {
        if (target != null && buffer.length() >= FLUSH_AT) {
            try {
                target.append(buffer);
            } catch (IOException e) {
                throw new WriteFailure(e);
            }
            buffer.setLength(0);
        }
    }

    private void flush() throws IOException {
        target.append(buffer);
        target.flush();
        buffer.setLength(0);
    }

    /** Carries an I/O failure out of the loops above; unwrapped by the callers. */
    private static final class WriteFailure extends RuntimeException {
        WriteFailure(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }
}
