package dev.pymirror.sync.resolve;

/**
 * The package index could not answer: unreachable, failing, or answering with something that is
 * not an index page. Resolution stops; it never reads a failure as "no such version".
 */
public final class IndexException extends Exception {

    public IndexException(String message) {
        super(message);
    }

    public IndexException(String message, Throwable cause) {
        super(message, cause);
    }
}
