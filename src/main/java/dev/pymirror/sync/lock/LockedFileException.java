package dev.pymirror.sync.lock;

/**
 * A file a lock names that the mirror cannot take as the lock says: the upstream no longer lists
 * it, lists it with other digests, or no file of the release fits a target.
 */
public final class LockedFileException extends Exception {

    public LockedFileException(String message) {
        super(message);
    }
}
