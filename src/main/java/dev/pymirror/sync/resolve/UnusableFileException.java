package dev.pymirror.sync.resolve;

/**
 * One file cannot be used: its metadata is missing, unreadable or invalid, or does not match its
 * name. The resolver passes over it and says so, as pip discards such candidates.
 */
public final class UnusableFileException extends Exception {

    public UnusableFileException(String message) {
        super(message);
    }

    public UnusableFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
