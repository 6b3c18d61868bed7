package dev.pymirror.sync.lock;

/**
 * A lock file that cannot be used: not TOML, a lock version this program does not read, a field
 * of the wrong type, or a target it was not made for. The message starts with the file (and the
 * line, when the TOML itself is broken), as a compiler names a source position.
 */
public final class LockFileException extends Exception {

    public LockFileException(String message) {
        super(message);
    }

    public LockFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
