package dev.pymirror.packaging.requirements;

/**
 * Raised inside evaluation when a comparison has no defined result, and turned into the public
 * {@link UndefinedComparisonException} or {@link UndefinedEnvironmentNameException} by {@link Marker},
 * which knows the marker's text and where the comparison sits in it. Carries no stack trace: it is
 * a message, not a bug.
 */
final class UndefinedSignal extends RuntimeException {

    private final transient Comparison comparison;
    private final boolean missingName;

    private UndefinedSignal(String reason, Comparison comparison, boolean missingName) {
        super(reason, null, false, false);
        this.comparison = comparison;
        this.missingName = missingName;
    }

    static UndefinedSignal comparison(String reason, Comparison comparison) {
        return new UndefinedSignal(reason, comparison, false);
    }

    static UndefinedSignal missingName(String reason, Comparison comparison) {
        return new UndefinedSignal(reason, comparison, true);
    }

    Comparison where() {
        return comparison;
    }

    boolean isMissingName() {
        return missingName;
    }
}
