package dev.pymirror.packaging.version;

import dev.pymirror.packaging.PackagingException;

/** A version string that does not follow PEP 440. */
public final class InvalidVersionException extends PackagingException {

    public InvalidVersionException(String reason, String input, int position) {
        super(reason, input, position);
    }

    public InvalidVersionException(String reason, String input) {
        super(reason, input);
    }
}
