package dev.pymirror.server.index;

/**
 * A write (upload, yank, delete) the index will not make, with the HTTP status that says why:
 * 400 for a malformed upload, 404 for a file that is not there, 409 for a file name already taken
 * by other bytes. The message is meant for the person reading twine's or curl's output.
 */
public final class WriteRefused extends Exception {

    private final int status;

    public WriteRefused(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
