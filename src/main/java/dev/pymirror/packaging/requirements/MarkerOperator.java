package dev.pymirror.packaging.requirements;

/** The comparison operators of a PEP 508 marker expression. */
enum MarkerOperator {
    LESS_EQUAL("<="),
    LESS("<"),
    NOT_EQUAL("!="),
    EQUAL("=="),
    GREATER_EQUAL(">="),
    GREATER(">"),
    COMPATIBLE("~="),
    ARBITRARY_EQUAL("==="),
    IN("in"),
    NOT_IN("not in");

    private final String symbol;

    MarkerOperator(String symbol) {
        this.symbol = symbol;
    }

    /** The operator as written in a canonical marker. */
    String symbol() {
        return symbol;
    }

    /** True for the operators PEP 440 also defines for version specifiers (all but {@code in}, {@code not in}). */
    boolean isVersionOperator() {
        return this != IN && this != NOT_IN;
    }

    @Override
    public String toString() {
        return symbol;
    }
}
