package dev.pymirror.store.blob;

/**
 * The storage did not answer: a call timed out or could not connect, or the node's
 * {@link StorageHealth} knows the storage to be unreachable and did not ask (a fast refusal). Nothing
 * was changed by the call that failed this way. A client is told to try again shortly (503).
 */
public final class StorageUnreachableException extends StorageException {

    public StorageUnreachableException(String message) {
        super(message);
    }

    public StorageUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
