package dev.pymirror.simple;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;

/**
 * Reads and writes the simple API's two pages (the project list and a project's page) in one
 * serialization: {@link JsonCodec} (PEP 691) or {@link HtmlCodec} (PEP 503).
 *
 * <p>Readers take the URL the page was fetched from, against which relative URLs in the page are
 * resolved (null keeps them as written). They throw {@link InvalidPageException} for a page that
 * cannot be read, and {@link IOException} only for a failing stream. Readers read a stream to its
 * end and writers write UTF-8 and flush it; neither closes it, that is the caller's to do.
 *
 * <p>Codecs are stateless and thread-safe. {@link SimpleFormat#codec()} picks the codec for a
 * negotiated format.
 */
public sealed interface PageCodec permits HtmlCodec, JsonCodec {

    /** The format this codec writes: {@link SimpleFormat#JSON_V1} or {@link SimpleFormat#HTML_V1}. */
    SimpleFormat format();

    /** Reads a project page from UTF-8 (or, for HTML, self-declared) bytes. */
    ProjectPage readProjectPage(InputStream body, URI pageUrl) throws IOException;

    /** Reads a project page. */
    ProjectPage readProjectPage(String body, URI pageUrl);

    /** Reads the project list from UTF-8 (or, for HTML, self-declared) bytes. */
    ProjectList readProjectList(InputStream body, URI pageUrl) throws IOException;

    /** Reads the project list. */
    ProjectList readProjectList(String body, URI pageUrl);

    /** Writes a project page as UTF-8. */
    void writeProjectPage(ProjectPage page, OutputStream out) throws IOException;

    /** Writes a project page. */
    String writeProjectPage(ProjectPage page);

    /** Writes the project list as UTF-8. */
    void writeProjectList(ProjectList list, OutputStream out) throws IOException;

    /** Writes the project list. */
    String writeProjectList(ProjectList list);

    /**
     * What of {@code page} this serialization carries: writing {@code page} and reading it back
     * gives exactly this. HTML, for one, carries no sizes, upload times or version list.
     */
    ProjectPage representable(ProjectPage page);

    /** What of {@code list} this serialization carries, as {@link #representable(ProjectPage)}. */
    ProjectList representable(ProjectList list);
}
