package dev.pymirror.packaging.requirements;

import dev.pymirror.packaging.PackagingException;

/**
 * A valid marker that cannot be evaluated in the environment and context given. The input is the
 * canonical form of the marker and the position is where the offending comparison starts in it.
 */
public abstract sealed class MarkerEvaluationException extends PackagingException
        permits UndefinedComparisonException, UndefinedEnvironmentNameException {

    MarkerEvaluationException(String reason, String input, int position) {
        super(reason, input, position);
    }
}
