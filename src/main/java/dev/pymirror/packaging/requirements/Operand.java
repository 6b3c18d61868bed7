package dev.pymirror.packaging.requirements;

/** One side of a marker comparison: a marker variable or a quoted string. */
sealed interface Operand permits Operand.Variable, Operand.Literal {

    /** Appends the operand as a canonical marker writes it. */
    void format(StringBuilder out);

    /** A marker variable such as {@code python_version}. */
    record Variable(MarkerVariable variable) implements Operand {
        @Override
        public void format(StringBuilder out) {
            out.append(variable.markerName());
        }
    }

    /** A quoted string, stored without its quotes. */
    record Literal(String value) implements Operand {
        @Override
        public void format(StringBuilder out) {
            // PEP 508 strings have no escapes, so a value holding '"' can only be written in single quotes.
            char quote = value.indexOf('"') >= 0 ? '\'' : '"';
            out.append(quote).append(value).append(quote);
        }
    }
}
