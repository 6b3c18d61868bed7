package dev.pymirror.server.http;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.util.Locale;

/**
 * What a client is told when this server's own disk fails a write: a 5xx with a plain reason
 * (the server's fault, not the request's), never the path or the exception, which go to the log.
 *
 * @param status 507 for a full disk, 503 for a data directory that takes no writes, 500 otherwise
 * @param reason one sentence for the client
 */
public record StorageFailure(int status, String reason) {

    /** The failure {@code e} of a write to the data directory, as a client should hear it. */
    public static StorageFailure of(IOException e) {
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

    /**
     * True when {@code e} (or a cause) is a failure of this server's file system rather than of a
     * client's stream; a full disk fails a write with a plain IOException that says so.
     */
    public static boolean isStorage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String w = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (t instanceof FileSystemException || w.contains("no space left") || w.contains("quota")) {
                return true;
            }
        }
        return false;
    }
}
