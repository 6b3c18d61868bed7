package dev.pymirror.packaging.requirements;

import dev.pymirror.packaging.PackagingException;

/**
 * A marker environment that cannot be built: an unknown marker variable name, or a target Python
 * version, platform tag or implementation that {@link Environment#forTarget} does not understand.
 */
public final class InvalidEnvironmentException extends PackagingException {

    public InvalidEnvironmentException(String reason, String input, int position) {
        super(reason, input, position);
    }

    public InvalidEnvironmentException(String reason, String input) {
        super(reason, input);
    }
}
