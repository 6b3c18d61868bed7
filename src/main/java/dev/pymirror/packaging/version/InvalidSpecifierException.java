package dev.pymirror.packaging.version;

import dev.pymirror.packaging.PackagingException;

/** A version specifier (one clause such as {@code >=1.0}, or a comma separated set) that PEP 440 does not allow. */
public final class InvalidSpecifierException extends PackagingException {

    public InvalidSpecifierException(String reason, String input, int position) {
        super(reason, input, position);
    }

    public InvalidSpecifierException(String reason, String input) {
        super(reason, input);
    }
}
