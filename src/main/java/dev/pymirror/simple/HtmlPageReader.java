package dev.pymirror.simple;

import dev.pymirror.packaging.ProjectName;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.jsoup.nodes.Comment;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;

/**
 * Reads PEP 503 pages forgivingly from a parsed HTML document: whatever a real index, a static
 * directory or a web server's directory listing serves.
 *
 * <p>The HTML5 parser has already dealt with entities, quoting, letter case and unclosed tags.
 * This class decides which links are files, what they are called and what their attributes say.
 */
final class HtmlPageReader {

    /**
     * The endings of the files a project page lists: wheels, source archives and the legacy
     * binary formats older releases on PyPI still carry. Links to anything else (parent
     * directories, sort links, read-me files) are not files of the project.
     */
    private static final String[] DISTRIBUTION_ENDINGS = {
        ".whl", ".tar.gz", ".zip", ".tgz", ".tar.bz2", ".tbz", ".tar.xz", ".txz", ".tlz", ".tar.lz",
        ".tar.lzma", ".tar", ".egg", ".exe", ".msi", ".rpm", ".dmg"};

    private static final String METADATA_SUFFIX = ".metadata";
    private static final String SIGNATURE_SUFFIX = ".asc";

    private static final Set<String> FETCHABLE_SCHEMES = Set.of("http", "https", "file", "ftp");

    private HtmlPageReader() {}

    static ProjectPage readProjectPage(Document document, String pageUrl, ProjectName name) {
        String base = baseUrl(document, pageUrl);
        PageMeta meta = new PageMeta(apiVersion(document), serial(document));
        ProjectName project = name != null ? name : projectName(document, pageUrl);

        List<ProjectFile> files = new ArrayList<>();
        Set<String> withMetadataFile = new HashSet<>();
        Set<String> withSignatureFile = new HashSet<>();
        for (Element anchor : document.getElementsByTag("a")) {
            String href = cleanUrl(anchor.attr("href"));
            if (href.isEmpty()) {
                continue;
            }
            String resolved = UrlReferences.resolve(base, href);
            String scheme = UrlReferences.scheme(resolved);
            if (scheme != null && !FETCHABLE_SCHEMES.contains(scheme)) {
                continue; // mailto:, javascript: and the like
            }
            int hash = UrlReferences.fragmentStart(resolved);
            String url = hash < 0 ? resolved : resolved.substring(0, hash);
            String text = anchor.text().strip();
            String filename = filename(url, text);
            if (filename == null) {
                // A directory listing shows a file's .metadata and .asc companions as files of their own.
                Companion companion = companionOf(UrlReferences.lastSegment(url), text);
                if (companion != null) {
                    (companion.isMetadata() ? withMetadataFile : withSignatureFile).add(companion.distribution());
                }
                continue;
            }
            Map<String, String> hashes = hash < 0
                    ? Map.of()
                    : Digests.fromFragment(UrlReferences.percentDecode(resolved.substring(hash + 1)));
            ProjectFile.Builder file = ProjectFile.builder(filename, url).hashes(hashes);
            if (anchor.hasAttr("data-requires-python")) {
                file.requiresPython(requiresPython(anchor.attr("data-requires-python")));
            }
            if (anchor.hasAttr("data-yanked")) {
                file.yank(Yank.because(anchor.attr("data-yanked")));
            }
            // PEP 714: the new name wins; the legacy one is read when the new one is absent.
            String metadataAttribute = anchor.hasAttr("data-core-metadata") ? "data-core-metadata"
                    : anchor.hasAttr("data-dist-info-metadata") ? "data-dist-info-metadata" : null;
            if (metadataAttribute != null) {
                file.coreMetadata(coreMetadata(anchor.attr(metadataAttribute)));
            }
            if (anchor.hasAttr("data-gpg-sig")) {
                file.gpgSig(bool(anchor.attr("data-gpg-sig")));
            }
            if (anchor.hasAttr("data-provenance")) {
                String provenance = cleanUrl(anchor.attr("data-provenance"));
                file.provenance(provenance.isEmpty() ? null : UrlReferences.resolve(base, provenance));
            }
            try {
                files.add(file.build());
            } catch (IllegalArgumentException unusable) {
                // A link no installer could use either (no URL left, say): not a file of the page.
            }
        }
        if (!withMetadataFile.isEmpty() || !withSignatureFile.isEmpty()) {
            files = withCompanions(files, withMetadataFile, withSignatureFile);
        }

        List<String> tracks = new ArrayList<>();
        List<String> alternateLocations = new ArrayList<>();
        String status = null;
        String statusReason = null;
        for (Element element : document.getElementsByTag("meta")) {
            String content = element.attr("content").strip();
            switch (element.attr("name").strip().toLowerCase(Locale.ROOT)) {
                case "pypi:tracks" -> addIfPresent(tracks, content);
                // PEP 708 spells the name both ways; its examples use the colon.
                case "pypi:alternate-locations", "pypi-alternate-locations" -> addIfPresent(alternateLocations, content);
                case "pypi:project-status" -> status = status == null && !content.isEmpty() ? content : status;
                case "pypi:project-status-reason" -> statusReason = statusReason == null ? content : statusReason;
                default -> { }
            }
        }
        Optional<ProjectStatus> projectStatus = status == null
                ? Optional.empty()
                : Optional.of(ProjectStatus.of(status, statusReason));
        return new ProjectPage(project, meta, files, List.of(), tracks, alternateLocations, projectStatus);
    }

    static ProjectList readProjectList(Document document, String pageUrl) {
        String base = baseUrl(document, pageUrl);
        PageMeta meta = new PageMeta(apiVersion(document), serial(document));
        List<ListedProject> projects = new ArrayList<>();
        for (Element anchor : document.getElementsByTag("a")) {
            String href = cleanUrl(anchor.attr("href"));
            String segment = projectSegment(href);
            if (segment.isEmpty()) {
                continue; // sort links (?C=N;O=D), the parent directory, in-page anchors
            }
            String text = anchor.text().strip();
            String name;
            if (ProjectName.isValid(text)) {
                name = text; // PEP 503: the anchor's text is the project's name
            } else if (ProjectName.isValid(segment) && isBelow(base, href)) {
                name = segment; // a listing whose text is not the name: take the link's, if it leads down
            } else {
                continue;
            }
            projects.add(ListedProject.of(ProjectName.of(name)));
        }
        return new ProjectList(meta, projects);
    }

    /**
     * True when {@code href} leads below the page (as a project's link does), not up or across
     * (as a listing's parent-directory link does).
     */
    private static boolean isBelow(String base, String href) {
        if (base == null || UrlReferences.scheme(base) == null) {
            return UrlReferences.scheme(href) == null && !href.startsWith("/") && !href.startsWith("..");
        }
        String directory = base.substring(0, base.lastIndexOf('/') + 1);
        String resolved = UrlReferences.resolve(base, href);
        return resolved.startsWith(directory) && resolved.length() > directory.length();
    }

    /**
     * The file name an anchor stands for, or null when it is not a distribution file: the URL's
     * last segment, as installers take it, unless only the anchor text looks like a distribution
     * (a download URL such as {@code /download?id=3}).
     */
    static String filename(String url, String text) {
        String fromUrl = UrlReferences.lastSegment(url);
        if (isDistribution(fromUrl)) {
            return fromUrl;
        }
        return isDistribution(text) ? text : null;
    }

    /** True when {@code name} ends like a distribution file and has something before the ending. */
    static boolean isDistribution(String name) {
        if (name.isEmpty() || name.indexOf('/') >= 0) {
            return false;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        for (String ending : DISTRIBUTION_ENDINGS) {
            if (lower.length() > ending.length() && lower.endsWith(ending)) {
                return true;
            }
        }
        return false;
    }

    /** Leading and trailing spaces removed, and tabs and line breaks within, as browsers do for URLs. */
    static String cleanUrl(String raw) {
        String url = raw.strip();
        if (url.indexOf('\n') >= 0 || url.indexOf('\r') >= 0 || url.indexOf('\t') >= 0) {
            url = url.replace("\n", "").replace("\r", "").replace("\t", "");
        }
        return url;
    }

    /** A {@code .metadata} or {@code .asc} file listed beside the distribution it belongs to. */
    private record Companion(String distribution, boolean isMetadata) {}

    private static Companion companionOf(String fromUrl, String text) {
        for (String candidate : new String[] {fromUrl, text}) {
            String lower = candidate.toLowerCase(Locale.ROOT);
            for (String suffix : new String[] {METADATA_SUFFIX, SIGNATURE_SUFFIX}) {
                if (lower.endsWith(suffix)) {
                    String distribution = candidate.substring(0, candidate.length() - suffix.length());
                    if (isDistribution(distribution)) {
                        return new Companion(distribution, suffix.equals(METADATA_SUFFIX));
                    }
                }
            }
        }
        return null;
    }

    private static List<ProjectFile> withCompanions(List<ProjectFile> files, Set<String> withMetadata,
            Set<String> withSignature) {
        List<ProjectFile> result = new ArrayList<>(files.size());
        for (ProjectFile file : files) {
            boolean addMetadata = file.coreMetadata().isEmpty() && withMetadata.contains(file.filename());
            boolean addSignature = file.gpgSig().isEmpty() && withSignature.contains(file.filename());
            if (addMetadata || addSignature) {
                ProjectFile.Builder builder = file.toBuilder();
                if (addMetadata) {
                    builder.coreMetadata(CoreMetadata.AVAILABLE);
                }
                if (addSignature) {
                    builder.gpgSig(true);
                }
                file = builder.build();
            }
            result.add(file);
        }
        return result;
    }

    /** The URL relative links resolve against: the first {@code <base href>}, itself resolved, else the page's. */
    private static String baseUrl(Document document, String pageUrl) {
        Element base = document.selectFirst("base[href]");
        if (base == null) {
            return pageUrl;
        }
        String href = cleanUrl(base.attr("href"));
        return href.isEmpty() ? pageUrl : UrlReferences.resolve(pageUrl, href);
    }

    /**
     * The page's PEP 629 version: 1.0 when it declares none or an unreadable one (a client MUST
     * assume 1.0), refused when its major version is not 1 (a client MUST fail).
     */
    private static ApiVersion apiVersion(Document document) {
        for (Element element : document.getElementsByTag("meta")) {
            if (element.attr("name").strip().equalsIgnoreCase("pypi:repository-version")) {
                ApiVersion version;
                try {
                    version = ApiVersion.parse(element.attr("content").strip());
                } catch (InvalidPageException unreadable) {
                    return ApiVersion.V1_0;
                }
                if (!version.isSupported()) {
                    throw new InvalidPageException("Unsupported API version " + version
                            + ": this reader understands major version 1", "<meta name=\"pypi:repository-version\">");
                }
                return version;
            }
        }
        return ApiVersion.V1_0;
    }

    /** PyPI's {@code <!--SERIAL 123-->} comment, when the page has one. */
    private static OptionalLong serial(Document document) {
        return document.nodeStream(Comment.class)
                .map(comment -> comment.getData().strip())
                .filter(data -> data.startsWith("SERIAL "))
                .map(data -> data.substring("SERIAL ".length()).strip())
                .filter(digits -> !digits.isEmpty() && digits.length() <= 18 && digits.chars().allMatch(Character::isDigit))
                .mapToLong(Long::parseLong)
                .findFirst();
    }

    /**
     * The project a page is for, when the caller did not say: the page URL's last segment (what
     * the client asked for) or the name in a {@code "Links for NAME"} title or heading, the
     * heading's spelling preferred when both agree.
     */
    private static ProjectName projectName(Document document, String pageUrl) {
        String fromUrl = pageUrl == null ? "" : projectSegment(pageUrl);
        String fromTitle = linksFor(document.title());
        if (fromTitle == null) {
            Element heading = document.selectFirst("h1");
            fromTitle = heading == null ? null : linksFor(heading.text());
        }
        boolean urlNames = ProjectName.isValid(fromUrl);
        if (fromTitle != null && (!urlNames || ProjectName.normalize(fromTitle).equals(ProjectName.normalize(fromUrl)))) {
            return ProjectName.of(fromTitle);
        }
        if (urlNames) {
            return ProjectName.of(fromUrl);
        }
        throw new InvalidPageException("Cannot tell which project the page is for: it has no 'Links for NAME' title"
                + " and its URL names none; pass the project name", "");
    }

    /** The valid project name after "links for " in {@code text}, or null. */
    private static String linksFor(String text) {
        if (text == null) {
            return null;
        }
        int at = text.toLowerCase(Locale.ROOT).lastIndexOf("links for ");
        if (at < 0) {
            return null;
        }
        String name = text.substring(at + "links for ".length()).strip();
        return ProjectName.isValid(name) ? name : null;
    }

    /**
     * The last non-empty path segment of a project link or page URL, percent-decoded, skipping an
     * {@code index.html} file name; empty when the path has none.
     */
    private static String projectSegment(String url) {
        String path = UrlReferences.path(url);
        int end = path.length();
        while (true) {
            while (end > 0 && path.charAt(end - 1) == '/') {
                end--;
            }
            int start = path.lastIndexOf('/', end - 1) + 1;
            String segment = UrlReferences.percentDecode(path.substring(start, end));
            if (segment.equalsIgnoreCase("index.html") || segment.equalsIgnoreCase("index.htm")) {
                end = start;
                continue;
            }
            return segment;
        }
    }

    /**
     * A {@code data-requires-python} value. Some servers escape it twice ({@code &amp;gt;=3.8});
     * a specifier never holds {@code &}, so one left after parsing is decoded again, as pip does.
     */
    private static String requiresPython(String value) {
        String text = value.strip();
        return text.indexOf('&') >= 0 ? Parser.unescapeEntities(text, true).strip() : text;
    }

    private static CoreMetadata coreMetadata(String value) {
        String text = value.strip();
        if (text.equalsIgnoreCase("false")) {
            return CoreMetadata.NOT_AVAILABLE;
        }
        // The attribute's presence says the file is served; "true", a hash, or anything else.
        return CoreMetadata.withHashes(Digests.fromFragment(text));
    }

    private static Boolean bool(String value) {
        String text = value.strip();
        if (text.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        return text.equalsIgnoreCase("false") ? Boolean.FALSE : null;
    }

    private static void addIfPresent(List<String> values, String value) {
        if (!value.isEmpty()) {
            values.add(value);
        }
    }
}
