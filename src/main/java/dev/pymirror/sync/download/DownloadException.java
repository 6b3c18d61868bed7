package dev.pymirror.sync.download;

/** A file could not be downloaded as it should be; the message names the file and the reason. */
public final class DownloadException extends Exception {

    public DownloadException(String message) {
        super(message);
    }

    public DownloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
