package dev.pymirror.simple;

import dev.pymirror.packaging.ProjectName;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * The PEP 503 HTML serialization ({@code text/html}, {@code application/vnd.pypi.simple.v1+html}),
 * with PEP 592 yanking, PEP 629 versioning, PEP 658/714 core metadata, PEP 708 {@code tracks} and
 * {@code alternate-locations}, PEP 740 provenance and PEP 792 status markers.
 *
 * <h2>Writing</h2>
 * A valid HTML5 document in PyPI's shape: {@code <meta name="pypi:repository-version">}, one
 * {@code <a>} per file with the file name as its text, every value escaped. A file's hash goes in
 * the URL fragment ({@code #sha256=...}); HTML carries one, and installers reject a fragment
 * naming an algorithm outside sha256, sha512, sha384 and md5, so the first of those the file has is
 * written and the others are left out. Core metadata goes in {@code data-core-metadata} only,
 * {@code "true"} or one hash likewise: the legacy {@code data-dist-info-metadata}, which PEP 714
 * still allows, makes pip 22.x to 23.0 (Debian 12's) refuse every file whose metadata Name is not
 * spelled as the user typed it, the reason PEP 714 renamed it. The serial is
 * written as PyPI does, in a {@code <!--SERIAL n-->} comment after the document. HTML has no place
 * for sizes, upload times, the version list or a "not available" core metadata statement:
 * {@link #representable(ProjectPage)} says exactly what survives.
 *
 * <h2>Reading</h2>
 * Forgiving, for pages from any index, a static directory or a web server's directory listing:
 * <ul>
 *   <li>Parsed as HTML5 (jsoup): entities, any quoting, any letter case, unclosed tags.</li>
 *   <li>Relative URLs are resolved against the first {@code <base href>}, itself resolved against
 *       the page URL, else against the page URL; with neither they stay as written.</li>
 *   <li>Fragments give hashes of any standard algorithm (sha256, sha512, md5, ...), several
 *       joined by {@code &}, names in any case, also the {@code sha256-HEX} form.</li>
 *   <li>A link is a file when the last segment of its URL, percent-decoded, ends like a
 *       distribution ({@code .whl}, {@code .tar.gz}, {@code .zip}, {@code .egg}, ... and the legacy
 *       {@code .exe}/{@code .msi}/{@code .rpm}); that segment is its file name, as installers take
 *       it. When the URL has no such name ({@code /download?id=3}), the anchor text is used if it
 *       ends like one. Other links (parent directories, sort links, read-me files, mailto:) are
 *       skipped.</li>
 *   <li>{@code data-yanked} present means yanked ({@code ""}: without a reason);
 *       {@code data-core-metadata} is read, else {@code data-dist-info-metadata}; its presence
 *       means available, {@code "false"} excepted.</li>
 *   <li>A listing that shows {@code X.metadata} or {@code X.asc} next to {@code X} (a directory
 *       listing of a static index) marks {@code X}'s core metadata available or its signature
 *       present, unless {@code X}'s own link says otherwise; the companions are not files of
 *       their own.</li>
 *   <li>{@code data-requires-python} escaped twice ({@code &amp;gt;=3.8}) is decoded again, as
 *       pip does.</li>
 *   <li>No version tag means 1.0; an unreadable one too; a major version other than 1 is refused
 *       (PEP 629).</li>
 *   <li>The project's name is the one passed in, else the page URL's last path segment, else the
 *       name in a {@code "Links for NAME"} title or heading (whose spelling is kept when it
 *       agrees with the URL).</li>
 * </ul>
 */
public final class HtmlCodec implements PageCodec {

    /** The codec; it is stateless. */
    public static final HtmlCodec INSTANCE = new HtmlCodec();

    private HtmlCodec() {}

    @Override
    public SimpleFormat format() {
        return SimpleFormat.HTML_V1;
    }

    @Override
    public ProjectPage readProjectPage(InputStream body, URI pageUrl) throws IOException {
        return readProjectPage(body, null, pageUrl, null);
    }

    /**
     * Reads a project page from bytes.
     *
     * @param charset the charset the response declared, or null to detect it (byte order mark,
     *     {@code <meta charset>}, else UTF-8)
     * @param pageUrl the URL the page was fetched from, or null
     * @param project the project the page is for, or null to take it from the URL or title
     */
    public ProjectPage readProjectPage(InputStream body, Charset charset, URI pageUrl, ProjectName project)
            throws IOException {
        return HtmlPageReader.readProjectPage(parse(body, charset), url(pageUrl), project);
    }

    @Override
    public ProjectPage readProjectPage(String body, URI pageUrl) {
        return readProjectPage(body, pageUrl, null);
    }

    /**
     * Reads a project page.
     *
     * @param project the project the page is for, or null to take it from the URL or title
     */
    public ProjectPage readProjectPage(String body, URI pageUrl, ProjectName project) {
        return HtmlPageReader.readProjectPage(parse(body), url(pageUrl), project);
    }

    @Override
    public ProjectList readProjectList(InputStream body, URI pageUrl) throws IOException {
        return HtmlPageReader.readProjectList(parse(body, null), url(pageUrl));
    }

    @Override
    public ProjectList readProjectList(String body, URI pageUrl) {
        return HtmlPageReader.readProjectList(parse(body), url(pageUrl));
    }

    @Override
    public void writeProjectPage(ProjectPage page, OutputStream out) throws IOException {
        requirePage(page, out);
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        HtmlPageWriter.projectPage(page, writer);
        writer.flush();
    }

    @Override
    public String writeProjectPage(ProjectPage page) {
        requirePage(page, "");
        return HtmlPageWriter.projectPage(page);
    }

    @Override
    public void writeProjectList(ProjectList list, OutputStream out) throws IOException {
        requirePage(list, out);
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        HtmlPageWriter.projectList(list, writer);
        writer.flush();
    }

    @Override
    public String writeProjectList(ProjectList list) {
        requirePage(list, "");
        return HtmlPageWriter.projectList(list);
    }

    /**
     * The page without what HTML cannot carry: versions, sizes, upload times, hashes beyond the
     * one written in the fragment, a "not available" core metadata statement, and files whose
     * name is not a distribution's (which a reader skips).
     */
    @Override
    public ProjectPage representable(ProjectPage page) {
        List<ProjectFile> files = page.files().stream()
                .map(HtmlCodec::representable)
                .filter(Objects::nonNull)
                .toList();
        return page.toBuilder().versions(List.of()).files(files).build();
    }

    /** The list without per-project serials, which HTML does not carry. */
    @Override
    public ProjectList representable(ProjectList list) {
        return new ProjectList(list.meta(), list.projects().stream()
                .map(project -> ListedProject.of(project.name()))
                .toList());
    }

    private static ProjectFile representable(ProjectFile file) {
        String url = HtmlPageReader.cleanUrl(file.url());
        String filename = HtmlPageReader.filename(url, file.filename().strip());
        if (filename == null || url.isEmpty()) {
            return null;
        }
        ProjectFile.Builder builder = file.toBuilder()
                .filename(filename)
                .url(url)
                .hashes(Digests.keptInFragment(file.hashes()))
                .noSize()
                .uploadTime(null)
                .requiresPython(file.requiresPython().map(String::strip).orElse(null))
                .provenance(file.provenance().map(HtmlPageReader::cleanUrl).orElse(null));
        file.coreMetadata().ifPresent(metadata -> builder.coreMetadata(metadata.available()
                ? CoreMetadata.withHashes(Digests.keptInFragment(metadata.hashes()))
                : null));
        return builder.build();
    }

    private static Document parse(String body) {
        if (body == null) {
            throw new InvalidPageException("The page body is null", "");
        }
        return Jsoup.parse(body);
    }

    private static Document parse(InputStream body, Charset charset) throws IOException {
        if (body == null) {
            throw new InvalidPageException("The page body is null", "");
        }
        // jsoup closes what it reads; the caller's stream is the caller's to close.
        InputStream unclosable = new FilterInputStream(body) {
            @Override
            public void close() {}
        };
        return Jsoup.parse(unclosable, charset == null ? null : charset.name(), "");
    }

    private static String url(URI pageUrl) {
        return pageUrl == null ? null : pageUrl.toString();
    }

    private static void requirePage(Object page, Object out) {
        if (page == null || out == null) {
            throw new IllegalArgumentException("A page and somewhere to write it are required");
        }
    }
}
