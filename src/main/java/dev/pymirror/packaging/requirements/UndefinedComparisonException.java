package dev.pymirror.packaging.requirements;

/**
 * A comparison that has no defined result: {@code ~=} or {@code ===} between values that are not
 * versions (for example {@code os_name === "posix"}), or a set-valued variable ({@code extras},
 * {@code dependency_groups}) used with anything but {@code "name" in} / {@code not in}.
 */
public final class UndefinedComparisonException extends MarkerEvaluationException {

    UndefinedComparisonException(String reason, String input, int position) {
        super(reason, input, position);
    }
}
