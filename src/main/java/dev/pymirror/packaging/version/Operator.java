package dev.pymirror.packaging.version;

/** The comparison operators of PEP 440 version specifiers. */
public enum Operator {
    /** {@code ~=}: compatible release, {@code ~=2.2.1} meaning {@code >=2.2.1, ==2.2.*}. */
    COMPATIBLE("~="),
    /** {@code ==}: version matching, with an optional {@code .*} prefix wildcard. */
    EQUAL("=="),
    /** {@code !=}: version exclusion, with an optional {@code .*} prefix wildcard. */
    NOT_EQUAL("!="),
    LESS_THAN_OR_EQUAL("<="),
    GREATER_THAN_OR_EQUAL(">="),
    /** {@code <}: excludes pre-releases of the version named, unless it is one. */
    LESS_THAN("<"),
    /** {@code >}: excludes post-releases and local variants of the version named. */
    GREATER_THAN(">"),
    /** {@code ===}: arbitrary equality, a case-insensitive string comparison. */
    ARBITRARY_EQUAL("===");

    private final String symbol;

    Operator(String symbol) {
        this.symbol = symbol;
    }

    /** The operator as written in a specifier. */
    public String symbol() {
        return symbol;
    }

    @Override
    public String toString() {
        return symbol;
    }
}
