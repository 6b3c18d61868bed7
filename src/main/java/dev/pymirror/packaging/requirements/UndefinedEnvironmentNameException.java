package dev.pymirror.packaging.requirements;

/**
 * A marker refers to a variable that has no value in the evaluation context: {@code extra} outside
 * core metadata, or {@code extras} / {@code dependency_groups} outside a lock file, unless the
 * {@link MarkerContext} supplies them.
 */
public final class UndefinedEnvironmentNameException extends MarkerEvaluationException {

    UndefinedEnvironmentNameException(String reason, String input, int position) {
        super(reason, input, position);
    }
}
