package dev.pymirror.packaging.requirements;

import dev.pymirror.packaging.PackagingException;

/** A PEP 508 environment marker that does not follow the grammar, with where it went wrong. */
public final class InvalidMarkerException extends PackagingException {

    public InvalidMarkerException(String reason, String input, int position) {
        super(reason, input, position);
    }
}
