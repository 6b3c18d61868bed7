package dev.pymirror.store.blob;

import java.io.IOException;

/**
 * The storage failed or refused: a bucket that does not exist, credentials it refuses, an endpoint
 * that does not answer in time. The message says which, in words an operator can act on, and names
 * no secret.
 */
public class StorageException extends IOException {

    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
