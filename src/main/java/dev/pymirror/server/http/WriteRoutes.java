package dev.pymirror.server.http;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.server.index.Upload;
import dev.pymirror.server.index.WritableIndex;
import dev.pymirror.server.index.WriteRefused;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartConfig;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writes of a hosted index:
 *
 * <pre>
 * POST   /&lt;index&gt;/                           an upload of the legacy API (twine upload), multipart/form-data
 * POST   /&lt;index&gt;/files/&lt;project&gt;/&lt;file&gt;   action=yank [reason=...] | action=unyank (query or form)
 * DELETE /&lt;index&gt;/files/&lt;project&gt;/&lt;file&gt;   removes the file
 * </pre>
 *
 * Answers are short plain-text sentences; a refused write says why with its status (400, 404, 409).
 */
public final class WriteRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(WriteRoutes.class);

    /** Room for the form fields beside the file (a long description, classifiers). */
    private static final long FIELDS_ALLOWANCE = 16L << 20;
    /** Parts smaller than this stay in memory; the file part of a real upload goes to disk. */
    private static final long IN_MEMORY_PART = 1L << 20;
    /**
     * A refused upload's body is read and dropped up to this much, so that the client, which sends
     * the whole body before it reads an answer, sees the answer rather than a broken connection.
     */
    private static final long DRAIN_LIMIT = 256L << 20;

    private final Path incoming;

    /** @param incoming where the parts of uploads being received are kept (emptied at each start) */
    public WriteRoutes(Path incoming) {
        this.incoming = incoming;
    }

    /** An upload to {@code index} by {@code user}. */
    void upload(Request request, Response response, Callback callback, WritableIndex index, String user)
            throws IOException {
        long max = index.maxUploadBytes();
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        String boundary = contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")
                ? null : MultiPart.extractBoundary(contentType);
        if (boundary == null) {
            refuse(request, response, callback, 400, "an upload is a multipart/form-data POST with a 'content' file"
                    + " part, as twine sends it; this request is " + (contentType == null ? "without a type" : contentType));
            return;
        }
        if (request.getLength() > max + FIELDS_ALLOWANCE) {
            WriteRefused tooLarge = tooLarge(max);
            refuse(request, response, callback, tooLarge.status(), tooLarge.getMessage());
            return;
        }
        try {
            Files.createDirectories(incoming);
        } catch (IOException e) {
            refuseStorage(request, response, callback, "upload", e);
            return;
        }
        MultiPartConfig limits = new MultiPartConfig.Builder()
                .location(incoming)
                .maxMemoryPartSize(IN_MEMORY_PART)
                .maxPartSize(max)
                .maxSize(max + FIELDS_ALLOWANCE)
                .maxParts(1000)
                .build();
        MultiPartFormData.Parts parts;
        try {
            parts = MultiPartFormData.getParts(request, request, contentType, limits);
        } catch (RuntimeException e) {
            // The parser gave up mid-body and failed the request's content: this connection is done.
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String why = String.valueOf(cause.getMessage());
            if (StorageFailure.isStorage(e)) {
                // The parts go to this server's disk: a disk that refuses them is not the client's fault.
                refuseStorage(request, response, callback, "upload", cause instanceof IOException io ? io : new IOException(e));
            } else if (why.toLowerCase(Locale.ROOT).contains("max")) {
                WriteRefused tooLarge = tooLarge(max);
                refuse(request, response, callback, tooLarge.status(), tooLarge.getMessage());
            } else {
                refuse(request, response, callback, 400, "the upload is not a readable multipart/form-data body: " + why);
            }
            return;
        }
        try (parts) {
            Map<String, List<String>> fields = new LinkedHashMap<>();
            MultiPart.Part content = null;
            for (MultiPart.Part part : parts) {
                if (part.getName() == null) {
                    continue;
                }
                if (part.getName().equals("content") && part.getFileName() != null) {
                    content = content == null ? part : content;
                } else if (part.getFileName() == null) {
                    fields.computeIfAbsent(part.getName(), k -> new ArrayList<>())
                            .add(part.getContentAsString(StandardCharsets.UTF_8));
                }
            }
            if (content == null) {
                String action = fields.containsKey(":action") ? fields.get(":action").get(0) : null;
                String why = action != null && !action.equals("file_upload")
                        ? "':action=" + action + "' is not supported here; only 'file_upload' is"
                        : "the upload has no file: the form needs a 'content' part with a file name";
                Replies.text(request, response, callback, 400, why);
                return;
            }
            Upload upload = new Upload(content.getFileName(), fields, user);
            WritableIndex.Stored stored;
            try (InputStream in = Content.Source.asInputStream(content.createContentSource())) {
                stored = index.upload(upload, in);
            } catch (WriteRefused e) {
                Replies.text(request, response, callback, e.status(), e.getMessage());
                return;
            } catch (IOException e) {
                if (!StorageFailure.isStorage(e)) {
                    throw e; // the client's stream broke: there is nobody to answer
                }
                refuseStorage(request, response, callback, "upload of " + upload.filename(), e);
                return;
            }
            Replies.text(request, response, callback, 200, switch (stored) {
                case NEW -> "stored " + upload.filename() + " in index '" + index.name() + "'";
                case IDENTICAL -> "index '" + index.name() + "' has these very bytes of " + upload.filename()
                        + " already; nothing changed";
            });
        }
    }

    /** {@code action=yank|unyank} on a file. */
    void fileAction(Request request, Response response, Callback callback, WritableIndex index, ProjectName project,
            String filename) throws Exception {
        Fields params = Request.getParameters(request);
        String action = params.getValue("action");
        try {
            if ("yank".equals(action)) {
                String reason = params.getValue("reason");
                index.yank(project, filename, reason);
                Replies.text(request, response, callback, 200, "yanked " + filename
                        + (reason == null || reason.isBlank() ? "" : " (" + reason.strip() + ")"));
            } else if ("unyank".equals(action)) {
                index.unyank(project, filename);
                Replies.text(request, response, callback, 200, "unyanked " + filename);
            } else {
                Replies.text(request, response, callback, 400, (action == null ? "no action given" : "unknown action '"
                        + action + "'") + "; POST to a file takes action=yank (with an optional reason) or action=unyank;"
                        + " DELETE removes it");
            }
        } catch (WriteRefused e) {
            Replies.text(request, response, callback, e.status(), e.getMessage());
        } catch (IOException e) {
            refuseStorage(request, response, callback, action + " of " + filename, e);
        }
    }

    /** DELETE of a file. */
    void delete(Request request, Response response, Callback callback, WritableIndex index, ProjectName project,
            String filename) throws IOException {
        try {
            index.delete(project, filename);
            Replies.text(request, response, callback, 200, "deleted " + filename + " from index '" + index.name() + "'");
        } catch (WriteRefused e) {
            Replies.text(request, response, callback, e.status(), e.getMessage());
        } catch (IOException e) {
            refuseStorage(request, response, callback, "delete of " + filename, e);
        }
    }

    /** A write this server's disk failed: the details to the log, a plain 5xx to the client. */
    private static void refuseStorage(Request request, Response response, Callback callback, String what,
            IOException e) {
        StorageFailure failure = StorageFailure.of(e);
        LOG.error("{} failed: {}", what, e.toString());
        failure.retryAfter(response);
        refuse(request, response, callback, failure.status(), failure.reason());
    }

    /**
     * Answers a refused upload after reading what the client still sends (up to a limit): a client
     * that writes its whole body before reading would otherwise see a reset connection, not why.
     */
    static void refuse(Request request, Response response, Callback callback, int status, String message) {
        drain(request, response);
        Replies.text(request, response, callback, status, message);
    }

    /**
     * Reads and drops what is left of the request's body, up to a limit. When the body cannot be
     * read to its end (too long, or already failed), the answer says {@code Connection: close}: the
     * connection cannot carry another request, and a client must not try.
     */
    static void drain(Request request, Response response) {
        boolean ended = false;
        try (InputStream in = Content.Source.asInputStream(request)) {
            long left = DRAIN_LIMIT;
            byte[] buffer = new byte[64 * 1024];
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    ended = true;
                    break;
                }
                left -= n;
            }
        } catch (IOException | RuntimeException ignored) {
            // The client went away or the body is unreadable: the connection ends with this answer.
        }
        if (!ended) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
    }

    private static WriteRefused tooLarge(long max) {
        return new WriteRefused(400, "too large: the file is larger than this index's limit of " + max
                + " bytes (max-upload)");
    }
}
