package dev.pymirror.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.pymirror.packaging.ProjectName;
import dev.pymirror.packaging.metadata.RawMetadata;
import dev.pymirror.server.index.CacheStatus;
import dev.pymirror.server.index.PackageIndex;
import dev.pymirror.server.index.PageAnswer;
import dev.pymirror.server.index.RenderableProjectPage;
import dev.pymirror.server.index.Unavailable;
import dev.pymirror.server.legacyjson.LegacyJsonDocument;
import dev.pymirror.server.legacyjson.Release;
import dev.pymirror.server.legacyjson.Releases;
import dev.pymirror.simple.ProjectFile;
import dev.pymirror.simple.ProjectPage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The legacy JSON API of one index: {@code <index path>pypi/<project>/json} and
 * {@code <index path>pypi/<project>/<version>/json}, built from the index's project page and the
 * PEP 658 metadata it serves (see {@link LegacyJsonDocument}), never asked of an upstream. File URLs
 * are absolute, made from the request's own scheme and host and the index's {@code files/} route.
 * Errors are JSON too ({@code {"status": 404, "message": "..."}}): the clients of this API parse
 * whatever they get as JSON.
 */
public final class LegacyJsonRoutes {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LegacyJsonRoutes.class);
    private static final JsonFactory JSON = new JsonFactory();

    private final PackageIndex index;
    private final String cacheControl;
    private final Gate gate;

    /** @param cacheControl what the index's pages say to caches; the documents follow the pages */
    LegacyJsonRoutes(PackageIndex index, String cacheControl, Gate gate) {
        this.index = index;
        this.cacheControl = cacheControl;
        this.gate = gate;
    }

    /**
     * GET or HEAD of a project's document, or with {@code version} of one release's.
     *
     * @param indexPath the path the request reached the index by ({@code /} or {@code /<index>/})
     */
    public void send(Request request, Response response, Callback callback, ProjectName project, String version,
            String indexPath) {
        try {
            PageAnswer answer = index.page(project);
            if (!(answer.page() instanceof RenderableProjectPage served)) {
                throw new Unavailable(500, "index '" + index.name() + "' cannot describe its pages as JSON");
            }
            ProjectPage page = served.page();
            Releases releases = Releases.of(page);
            Release shown;
            if (version == null) {
                shown = releases.latest().orElse(null);
            } else {
                shown = releases.find(version).orElseThrow(() -> new Unavailable(404, "project '"
                        + project.normalized() + "' of index '" + index.name() + "' has no version '" + version + "'"));
            }
            RawMetadata metadata = shown == null ? null : metadata(project, shown);
            URI pageUrl = URI.create(HttpURI.build(request.getHttpURI(),
                    indexPath + "simple/" + project.normalized() + "/").asString());
            byte[] body = LegacyJsonDocument.write(page, releases, shown, metadata, pageUrl, version == null);
            response.getHeaders().put(IndexRoutes.CACHE_HEADER, answer.status().name());
            String member = answer.member() == null ? null : gate.shownMembers(request, answer.member());
            if (member != null) {
                response.getHeaders().put(IndexRoutes.MEMBER_HEADER, member);
            }
            if (answer.status() == CacheStatus.STALE) {
                // As on the page it is made from: an upstream that failed is said, not hidden.
                response.getHeaders().put(HttpHeader.WARNING, "110 pymirror \"Response is Stale\"");
                response.getHeaders().put("X-Pymirror-Upstream-Error", IndexRoutes.headerSafe(answer.warning()));
            }
            PageWriter.send(request, response, callback, new RenderedBody(body, "application/json"), cacheControl);
        } catch (Unavailable e) {
            error(request, response, callback, e.status(), e.getMessage());
        }
    }

    /**
     * The files whose metadata is asked for, cheapest first: those whose metadata file has a known
     * hash (it exists as a file, here or upstream), then the others the page offers metadata for,
     * then other wheels; wheels before sdists, smaller before larger. A mirror whose upstream has no
     * metadata files reads it out of the wheel, which it downloads whole: the smallest wheel of a
     * release (often the pure-Python one) is then the one fetched, not a platform wheel of hundreds
     * of megabytes.
     */
    private static final Comparator<ProjectFile> CHEAPEST_METADATA = Comparator
            .comparing((ProjectFile f) -> f.coreMetadata().map(m -> m.hashes().isEmpty()).orElse(true))
            .thenComparing(f -> !f.hasCoreMetadata())
            .thenComparing(f -> !f.filename().endsWith(".whl"))
            .thenComparingLong(f -> f.size().orElse(Long.MAX_VALUE));

    /**
     * The core metadata of the first file of {@code release} that has some, in the order of
     * {@link #CHEAPEST_METADATA}; sdists only when the page says their metadata is served. Null
     * when no file has any.
     *
     * @throws Unavailable when the index fails otherwise than by having no metadata for a file
     */
    private RawMetadata metadata(ProjectName project, Release release) throws Unavailable {
        List<ProjectFile> candidates = new ArrayList<>(release.files());
        candidates.removeIf(f -> !f.hasCoreMetadata() && !f.filename().endsWith(".whl"));
        candidates.sort(CHEAPEST_METADATA);
        for (ProjectFile f : candidates) {
            try {
                return RawMetadata.parse(index.metadata(project, f.filename()).bytes());
            } catch (Unavailable e) {
                if (e.status() != 404) {
                    throw e;
                }
            } catch (NoSuchFileException e) {
                // Removed by hand since the index named it: another file may do.
            } catch (IOException e) {
                if (StorageFailure.isStorage(e)) {
                    StorageFailure failure = StorageFailure.of(e);
                    LOG.error("metadata of {} in {} not read: {}", f.filename(), index.name(), e.toString());
                    throw new Unavailable(failure.status(), failure.reason());
                }
                throw Unavailable.disk("the metadata of '" + f.filename() + "' could not be read", e);
            }
        }
        return null;
    }

    /** An error of this API, as JSON: {@code {"status": N, "message": "..."}}. */
    static void error(Request request, Response response, Callback callback, int status, String message) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator out = JSON.createGenerator(bytes)) {
            out.writeStartObject();
            out.writeNumberField("status", status);
            out.writeStringField("message", message);
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        bytes.write('\n');
        byte[] body = bytes.toByteArray();
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        boolean head = HttpMethod.HEAD.is(request.getMethod());
        response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body), callback);
    }
}
