package dev.pymirror.server.snapshot;

/** A snapshot command that cannot be done, with a message for the person who asked (no stack trace). */
public final class SnapshotException extends Exception {

    public SnapshotException(String message) {
        super(message);
    }

    public SnapshotException(String message, Throwable cause) {
        super(message, cause);
    }
}
