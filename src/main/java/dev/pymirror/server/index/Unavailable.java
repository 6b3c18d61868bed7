package dev.pymirror.server.index;

import dev.pymirror.store.ContentMismatchException;
import dev.pymirror.store.blob.StorageException;
import dev.pymirror.store.blob.StorageUnreachableException;
import dev.pymirror.upstream.UpstreamException;

/**
 * What was asked for cannot be served, with the HTTP status that says why: 404 when it does not
 * exist (or is not cached while offline), 502 when the upstream failed, 504 when it timed out.
 * The message is meant for the person reading pip's output.
 */
public final class Unavailable extends Exception {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Unavailable.class);

    private final int status;
    private final boolean blocked;

    public Unavailable(int status, String message) {
        this(status, message, false);
    }

    private Unavailable(int status, String message, boolean blocked) {
        super(message, null, false, false);
        this.status = status;
        this.blocked = blocked;
    }

    /** A 403 for what the index's supply-chain guard refuses (answered with {@code X-Pymirror-Cache: BLOCKED}). */
    public static Unavailable blocked(String message) {
        return new Unavailable(403, message, true);
    }

    /** True for a refusal of the supply-chain guard, which the access log and {@code /metrics} count apart. */
    public boolean blocked() {
        return blocked;
    }

    /** The answer for a download that failed before a byte was sent, by how it failed. */
    public static Unavailable downloadFailed(String filename, Exception e) {
        if (e instanceof UpstreamException u) {
            return new Unavailable(u.kind().isTimeout() ? 504 : 502,
                    "pymirror could not get '" + filename + "' from its upstream: " + u.getMessage());
        }
        if (e instanceof ContentMismatchException) {
            return new Unavailable(502, "the upstream sent corrupt bytes for '" + filename + "': " + e.getMessage());
        }
        return disk("pymirror could not store '" + filename + "'", e);
    }

    /**
     * A failure of this server's own disk, said plainly: the exception names paths of this machine,
     * so it goes to the log only.
     *
     * @param what what could not be done, as a client should read it
     */
    public static Unavailable disk(String what, Exception e) {
        LOG.error("{}: {}", what, e.toString());
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StorageUnreachableException) {
                return new Unavailable(503, what + ": the server's storage does not answer now; try again in a few seconds");
            }
            if (t instanceof StorageException) {
                return new Unavailable(503, what + ": the server's storage failed (its log says more)");
            }
        }
        return new Unavailable(503, what + ": a disk error on this server (its log says more)");
    }

    public int status() {
        return status;
    }
}
