package dev.pymirror.sync.config;

/** A mirrors file ({@code sync --config}) that cannot be used; the message names the file and the key. */
public final class MirrorsFileException extends Exception {

    public MirrorsFileException(String message) {
        super(message);
    }

    public MirrorsFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
