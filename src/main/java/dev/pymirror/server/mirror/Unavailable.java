package dev.pymirror.server.mirror;

/**
 * What was asked for cannot be served, with the HTTP status that says why: 404 when it does not
 * exist (or is not cached while offline), 502 when the upstream failed, 504 when it timed out.
 * The message is meant for the person reading pip's output.
 */
public final class Unavailable extends Exception {

    private final int status;

    public Unavailable(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
