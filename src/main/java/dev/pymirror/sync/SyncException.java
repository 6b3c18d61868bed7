package dev.pymirror.sync;

/** A sync that could not finish: the message says what failed, in words a user can act on. */
public final class SyncException extends Exception {

    public SyncException(String message) {
        super(message);
    }

    public SyncException(String message, Throwable cause) {
        super(message, cause);
    }
}
