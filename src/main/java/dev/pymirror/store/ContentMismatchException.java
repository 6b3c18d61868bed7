package dev.pymirror.store;

import java.io.IOException;

/** Bytes that are not what they were said to be: a wrong size or hash. Nothing was published. */
public final class ContentMismatchException extends IOException {

    public ContentMismatchException(String message) {
        super(message);
    }
}
