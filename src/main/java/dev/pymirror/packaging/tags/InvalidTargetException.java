package dev.pymirror.packaging.tags;

import dev.pymirror.packaging.PackagingException;

/**
 * A {@link Target} description that cannot be understood: an unknown interpreter, a missing or
 * malformed Python version, or a platform version too large to expand.
 */
public final class InvalidTargetException extends PackagingException {

    public InvalidTargetException(String reason, String input, int position) {
        super(reason, input, position);
    }

    public InvalidTargetException(String reason, String input) {
        super(reason, input);
    }
}
