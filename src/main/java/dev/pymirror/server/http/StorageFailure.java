package dev.pymirror.server.http;

import dev.pymirror.store.blob.StorageException;
import dev.pymirror.store.blob.StorageUnreachableException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.time.Duration;
import java.util.Locale;

/**
 * What a client is told when this server's own storage fails a write: a 5xx with a plain reason
 * (the server's fault, not the request's), never the path, the bucket or the exception, which go
 * to the log.
 *
 * @param status 507 for a full disk, 503 for a data directory that takes no writes or a storage
 *     that does not answer (or refused), 500 otherwise
 * @param reason one sentence for the client
 * @param retryAfter when a client may try again (the {@code Retry-After} header), or null
 */
public record StorageFailure(int status, String reason, Duration retryAfter) {

    /**
     * What a client of an unreachable storage is told to wait: a few of the breaker's probes
     * ({@code StorageHealth.PROBE_INTERVAL}), so that a retry is likely to find it back.
     */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    public StorageFailure(int status, String reason) {
        this(status, reason, null);
    }

    /** The failure {@code e} of a write to the data directory or the bucket, as a client should hear it. */
    public static StorageFailure of(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StorageUnreachableException) {
                return new StorageFailure(503, "the server's storage does not answer now, so nothing was changed;"
                        + " try again in a few seconds", RETRY_AFTER);
            }
            if (t instanceof StorageException) {
                return new StorageFailure(503, "the server's storage failed this request, so nothing was changed;"
                        + " try again later (the server's log says more)");
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            String why = t instanceof FileSystemException f && f.getReason() != null ? f.getReason() : t.getMessage();
            String w = why == null ? "" : why.toLowerCase(Locale.ROOT);
            if (w.contains("no space left") || w.contains("quota")) {
                return new StorageFailure(507, "the server cannot store this now: its disk is full");
            }
            if (w.contains("read-only file system")) {
                return new StorageFailure(503, "the server cannot store this now: its data directory is read-only");
            }
            if (t instanceof AccessDeniedException || w.contains("permission denied") || w.contains("not permitted")) {
                return new StorageFailure(503,
                        "the server cannot store this now: it may not write its data directory (permission denied)");
            }
        }
        return new StorageFailure(500, "the server could not store this: a disk error; its log says more");
    }

    /** Puts the status's {@code Retry-After}, if it has one, on {@code response}. */
    void retryAfter(org.eclipse.jetty.server.Response response) {
        if (retryAfter != null) {
            response.getHeaders().put(org.eclipse.jetty.http.HttpHeader.RETRY_AFTER, retryAfter.toSeconds());
        }
    }

    /**
     * True when {@code e} (or a cause) is a failure of this server's file system or bucket rather
     * than of a client's stream; a full disk fails a write with a plain IOException that says so.
     */
    public static boolean isStorage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String w = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (t instanceof FileSystemException || t instanceof StorageException || w.contains("no space left") || w.contains("quota")) {
                return true;
            }
        }
        return false;
    }
}
