package dev.pymirror.packaging.tags;

import dev.pymirror.packaging.PackagingException;

/**
 * A compatibility tag or compressed tag set that PEP 425 does not allow: a wrong number of
 * components, an empty component, an interpreter that is not an identifier, components out of
 * sorted order (when order is checked), or a set too large to expand.
 */
public final class InvalidTagException extends PackagingException {

    public InvalidTagException(String reason, String input, int position) {
        super(reason, input, position);
    }

    public InvalidTagException(String reason, String input) {
        super(reason, input);
    }
}
