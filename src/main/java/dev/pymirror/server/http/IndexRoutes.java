package dev.pymirror.server.http;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.server.index.CacheStatus;
import dev.pymirror.server.index.FileAnswer;
import dev.pymirror.server.index.FileDownload;
import dev.pymirror.server.index.MetadataAnswer;
import dev.pymirror.server.index.PackageIndex;
import dev.pymirror.server.index.PageAnswer;
import dev.pymirror.server.index.Unavailable;
import dev.pymirror.server.index.WritableIndex;
import dev.pymirror.server.time.Moment;
import dev.pymirror.server.time.TimeFilteredIndex;
import dev.pymirror.server.time.TimeRule;
import dev.pymirror.simple.ContentNegotiation;
import dev.pymirror.simple.ProvenanceObject;
import dev.pymirror.simple.SimpleFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP face of a {@link PackageIndex}: project pages by content negotiation, files and their
 * PEP 658 metadata. Stored files go through Jetty's resource service (Range, ETag, Last-Modified,
 * HEAD, cached buffers); a file still arriving from an upstream is streamed to every client asking
 * for it from the bytes staged so far.
 */
public final class IndexRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(IndexRoutes.class);

    /** Header on every page and file: how the answer relates to the upstream. */
    public static final String CACHE_HEADER = "X-Pymirror-Cache";

    /** Header on a group's pages: the member (or members) the page came from. */
    public static final String MEMBER_HEADER = "X-Pymirror-Index-Member";

    /**
     * The format each Accept header selects, remembered: clients send a handful of distinct headers,
     * and parsing pip's took a tenth of the CPU of a warm page request. Bounded against a client
     * that sends a new header every time.
     */
    private static final Map<String, Optional<SimpleFormat>> NEGOTIATED = new ConcurrentHashMap<>();
    private static final int MAX_NEGOTIATED = 256;
    /** How often a file found but gone before it was sent is asked for again before it is a 404. */
    private static final int MAX_ATTEMPTS = 3;
    /** What a client following a download is sent at a time, from the staged file. */
    private static final int FOLLOW_BUFFER_BYTES = 256 * 1024;

    private final PackageIndex index;
    private final StoredFiles files;
    private final long startTimeoutMillis;
    private final String pageCacheControl;
    private final LegacyJsonRoutes legacyJson;
    private final Gate gate;
    private final boolean namesClosedMembers;
    private final Duration startTimeout;
    private final Duration pageMaxAge;
    private final boolean restricted;
    /** The as-of views asked for lately, each with the cut pages it keeps (see {@link TimeFilteredIndex}). */
    private final Map<String, IndexRoutes> views = new ConcurrentHashMap<>();
    /** As-of views kept; past it they start again (a client asks for a few moments, not thousands). */
    private static final int MAX_VIEWS = 32;

    /**
     * @param startTimeout how long a client waits for an arriving file's first bytes
     * @param pageMaxAge how long clients and caches may keep a page
     * @param restricted the index needs credentials to read: its pages may be kept by the client
     *     only, never by a shared cache that would hand them to others
     * @param gate says which members of a group the requester may be told of
     * @param namesClosedMembers a group on a server with some closed index: its member header may
     *     have to check the requester's credentials
     */
    public IndexRoutes(PackageIndex index, StoredFiles files, Duration startTimeout, Duration pageMaxAge,
            boolean restricted, Gate gate, boolean namesClosedMembers) {
        this.index = index;
        this.files = files;
        this.startTimeoutMillis = startTimeout.toMillis();
        this.pageCacheControl = "max-age=" + Math.min(600, pageMaxAge.toSeconds()) + (restricted ? ", private" : ", public");
        this.gate = gate;
        this.namesClosedMembers = namesClosedMembers;
        this.startTimeout = startTimeout;
        this.pageMaxAge = pageMaxAge;
        this.restricted = restricted;
        this.legacyJson = new LegacyJsonRoutes(index, pageCacheControl, gate);
    }

    /**
     * The routes of this index as it was at the moment a URL names ({@code /<index>/+as-of/<moment>/...}),
     * made once per moment as written and kept (bounded) with the pages it has cut: a warm view
     * costs a look-up, not a parse of the moment.
     *
     * @throws IllegalArgumentException when {@code momentText} is not a moment (see {@link Moment})
     */
    IndexRoutes asOf(String momentText) {
        IndexRoutes view = views.get(momentText);
        if (view == null) {
            Instant moment = Moment.parse(momentText);
            if (views.size() >= MAX_VIEWS) {
                views.clear();
            }
            view = views.computeIfAbsent(momentText, m -> new IndexRoutes(new TimeFilteredIndex(index,
                    new TimeRule.AsOf(moment), Clock.systemUTC()), files, startTimeout, pageMaxAge, restricted, gate,
                    namesClosedMembers));
        }
        return view;
    }

    /** The index that takes uploads and changes, under any view of it; null for a read-only kind. */
    WritableIndex writable() {
        return index.writable();
    }

    /** True when answering {@code request} may take a credentials check (see {@link Gate#shownMembers}). */
    boolean mayCheckCredentials(Request request) {
        return namesClosedMembers && Gate.sendsCredentials(request);
    }

    public PackageIndex index() {
        return index;
    }

    /** The index's legacy JSON API ({@code pypi/<project>/json}). */
    public LegacyJsonRoutes legacyJson() {
        return legacyJson;
    }

    /** GET or HEAD of the project list. */
    public void projectList(Request request, Response response, Callback callback) {
        respond(request, response, callback, index::projectList);
    }

    /** GET or HEAD of a project page. */
    public void page(Request request, Response response, Callback callback, ProjectName name) {
        respond(request, response, callback, () -> index.page(name));
    }

    /**
     * GET or HEAD of a project page when the index has it ready (see {@link PackageIndex#readyPage});
     * false, with nothing sent, when it must be asked with {@link #page}.
     */
    public boolean readyPage(Request request, Response response, Callback callback, ProjectName name) {
        Optional<PageAnswer> ready;
        try {
            ready = index.readyPage(name);
        } catch (Unavailable e) {
            refuse(request, response, callback, e);
            return true;
        }
        if (ready.isEmpty()) {
            return false;
        }
        respond(request, response, callback, ready::get);
        return true;
    }

    /**
     * GET or HEAD of a file or its {@code .metadata} when the index has it stored (see
     * {@link PackageIndex#storedFile}); false, with nothing sent, when it must be asked with {@link #file}.
     */
    public boolean storedFile(Request request, Response response, Callback callback, ProjectName project,
            String filename) throws IOException {
        Optional<Path> stored;
        try {
            stored = index.storedFile(project, filename);
        } catch (Unavailable e) {
            refuse(request, response, callback, e);
            return true;
        }
        // Gone since the index saw it (removed by hand): the waiting route fetches it again.
        return stored.isPresent() && tryServe(request, response, callback, stored.get());
    }

    private interface PageSource {
        PageAnswer get() throws Unavailable;
    }

    private void respond(Request request, Response response, Callback callback, PageSource source) {
        Optional<SimpleFormat> format = negotiate(request);
        if (format.isEmpty()) {
            Replies.text(request, response, callback, 406, "None of the media types in the Accept header is served here;"
                    + " available: application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html, text/html");
            return;
        }
        PageAnswer answer;
        try {
            answer = source.get();
        } catch (Unavailable e) {
            refuse(request, response, callback, e);
            return;
        }
        response.getHeaders().put(CACHE_HEADER, answer.status().name());
        String member = answer.member() == null ? null : gate.shownMembers(request, answer.member());
        if (member != null) {
            response.getHeaders().put(MEMBER_HEADER, member);
        }
        if (answer.status() == CacheStatus.STALE) {
            // RFC 7234's "110 Response is Stale", and the reason, for anyone reading headers.
            response.getHeaders().put(HttpHeader.WARNING, "110 pymirror \"Response is Stale\"");
            response.getHeaders().put("X-Pymirror-Upstream-Error", headerSafe(answer.warning()));
        }
        PageWriter.send(request, response, callback, answer.page().render(format.get()), pageCacheControl);
    }

    /** GET or HEAD of a distribution file, or of its {@code .metadata} or {@code .provenance}. */
    public void file(Request request, Response response, Callback callback, ProjectName project, String filename)
            throws IOException {
        try {
            // A file the index finds may be gone by the time it is sent (evicted by the cache's
            // retention, or removed by hand): the index is asked again, and fetches it again.
            for (int attempt = 1; ; attempt++) {
                boolean sent;
                if (filename.endsWith(".metadata")) {
                    sent = switch (index.metadata(project, filename.substring(0, filename.length() - ".metadata".length()))) {
                        case MetadataAnswer.Stored stored -> tryServe(request, response, callback, stored.path());
                        case MetadataAnswer.Held held -> {
                            response.getHeaders().put(CACHE_HEADER, (held.fetched() ? CacheStatus.MISS : CacheStatus.HIT).name());
                            files.serveHeld(request, response, callback, filename, held.bytes());
                            yield true;
                        }
                    };
                } else if (filename.endsWith(ProvenanceObject.SUFFIX)) {
                    sent = tryServe(request, response, callback, index.provenance(project,
                            filename.substring(0, filename.length() - ProvenanceObject.SUFFIX.length())));
                } else {
                    sent = switch (index.file(project, filename)) {
                        case FileAnswer.Stored stored -> tryServe(request, response, callback, stored.path());
                        case FileAnswer.Arriving arriving ->
                            follow(request, response, callback, arriving, filename);
                    };
                }
                if (sent) {
                    return;
                }
                if (attempt == MAX_ATTEMPTS) {
                    Replies.text(request, response, callback, 404, "no such file: " + filename);
                    return;
                }
            }
        } catch (Unavailable e) {
            refuse(request, response, callback, e);
        } catch (IOException e) {
            if (response.isCommitted() || !StorageFailure.isStorage(e)) {
                throw e;
            }
            // Staging a download on a full or read-only disk: the server's trouble, said plainly.
            StorageFailure failure = StorageFailure.of(e);
            LOG.error("{} of {} not served: {}", filename, index.name(), e.toString());
            failure.retryAfter(response);
            Replies.text(request, response, callback, failure.status(), failure.reason());
        }
    }

    /** Serves a stored file; false, with nothing sent, when it is not there after all. */
    private boolean tryServe(Request request, Response response, Callback callback, Path path) throws IOException {
        return tryServe(request, response, callback, path, CacheStatus.HIT);
    }

    /** As {@link #tryServe(Request, Response, Callback, Path)}, said to be {@code status} (MISS: fetched for this request). */
    private boolean tryServe(Request request, Response response, Callback callback, Path path, CacheStatus status)
            throws IOException {
        response.getHeaders().put(CACHE_HEADER, status.name());
        if (files.serve(request, response, callback, path)) {
            return true;
        }
        response.getHeaders().remove(CACHE_HEADER);
        return false;
    }

    /** What a client of a download is said to have had: a miss unless the download was checked when it came. */
    private static CacheStatus followed(FileAnswer.Arriving arriving) {
        return arriving.checked() ? CacheStatus.HIT : CacheStatus.MISS;
    }

    /**
     * Streams a file as its download stages it, holding back its last byte until the download is
     * verified (not until it is forced to disk and kept: that goes on after); aborts the response
     * if the download fails before.
     *
     * @return false, with nothing sent, when the download was published but the file is gone already
     */
    private boolean follow(Request request, Response response, Callback callback, FileAnswer.Arriving arriving,
            String filename) throws IOException {
        FileDownload download = arriving.download();
        try {
            download.awaitStart(startTimeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            callback.failed(e);
            return true;
        }
        if (download.state() == FileDownload.State.FAILED && download.received() == 0) {
            Unavailable u = Unavailable.downloadFailed(filename, download.failure());
            Replies.text(request, response, callback, u.status(), u.getMessage());
            return true;
        }
        if (download.state() == FileDownload.State.DONE) {
            return tryServe(request, response, callback, download.target(), followed(arriving));
        }
        FileChannel staged;
        try {
            staged = FileChannel.open(download.stagingPath(), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            // Published (renamed) or discarded between the checks above and the open.
            try {
                download.awaitEnd();
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                callback.failed(ie);
                return true;
            }
            if (download.state() == FileDownload.State.DONE) {
                return tryServe(request, response, callback, download.target(), followed(arriving));
            } else {
                Unavailable u = Unavailable.downloadFailed(filename, download.failure());
                Replies.text(request, response, callback, u.status(), u.getMessage());
            }
            return true;
        }
        try (staged) {
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
            response.getHeaders().put(CACHE_HEADER, followed(arriving).name());
            if (download.length() >= 0) {
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, download.length());
            }
            if (HttpMethod.HEAD.is(request.getMethod())) {
                response.write(true, null, callback);
                return true;
            }
            // From Jetty's pool: a direct buffer allocated per download is zeroed, and counted against
            // the direct memory limit until a collection frees it.
            RetainableByteBuffer pooled = request.getComponents().getByteBufferPool().acquire(FOLLOW_BUFFER_BYTES, true);
            try {
                ByteBuffer buffer = pooled.getByteBuffer();
                long position = 0;
                while (true) {
                    // The last byte waits for the hash check: a client can only ever complete a verified
                    // file. If the check fails, the response breaks off one byte short and pip retries.
                    long available = download.sendable();
                    if (position < available) {
                        buffer.clear().limit((int) Math.min(buffer.capacity(), available - position));
                        int n = staged.read(buffer, position);
                        if (n <= 0) {
                            throw new IOException("staged file of " + filename + " shorter than announced");
                        }
                        position += n;
                        buffer.flip();
                        try (Blocker.Callback written = Blocker.callback()) {
                            response.write(false, buffer, written);
                            written.block();
                        }
                        continue;
                    }
                    FileDownload.State state = download.state();
                    if ((state == FileDownload.State.DONE || download.released()) && position >= download.received()) {
                        // Every byte checked and sent: whether keeping the file then succeeds is the cache's concern.
                        response.write(true, null, callback);
                        return true;
                    }
                    if (state == FileDownload.State.FAILED) {
                        // Bytes were sent already: the only honest answer left is to break the response.
                        callback.failed(new IOException("download of " + filename + " failed: " + download.failure()));
                        return true;
                    }
                    // Wake for bytes beyond the one held back, or for the end of the download.
                    download.awaitBeyond(position + 1, 1_000);
                }
            } finally {
                pooled.release(); // every write of it was waited for
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            callback.failed(e);
        } catch (IOException e) {
            callback.failed(e);
        }
        return true;
    }

    /** PEP 691: the {@code format} query parameter, when given, overrides the Accept header. */
    private static Optional<SimpleFormat> negotiate(Request request) {
        String query = request.getHttpURI().getQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith("format=")) {
                    // A literal '+' is part of the media type here (v1+json), not an encoded space.
                    String value = java.net.URLDecoder.decode(pair.substring(7).replace("+", "%2B"),
                            java.nio.charset.StandardCharsets.UTF_8);
                    return ContentNegotiation.select(value);
                }
            }
        }
        String accept = request.getHeaders().get(HttpHeader.ACCEPT);
        String key = accept == null ? "" : accept; // no header and an empty one both mean */*
        Optional<SimpleFormat> format = NEGOTIATED.get(key);
        if (format == null) {
            format = ContentNegotiation.select(accept);
            if (NEGOTIATED.size() < MAX_NEGOTIATED) {
                NEGOTIATED.put(key, format);
            }
        }
        return format;
    }

    /** Answers an index's refusal; one by the supply-chain guard is marked so the log and metrics count it. */
    private static void refuse(Request request, Response response, Callback callback, Unavailable e) {
        if (e.blocked()) {
            response.getHeaders().put(CACHE_HEADER, CacheStatus.BLOCKED.name());
        }
        Replies.text(request, response, callback, e.status(), e.getMessage());
    }

    static String headerSafe(String text) {
        return text == null ? "" : text.replaceAll("[\\r\\n]+", " ").replaceAll("[^\\x20-\\x7e]", "?");
    }
}
