package dev.pymirror.packaging.requirements;

import dev.pymirror.packaging.PackagingException;
import java.util.ArrayList;
import java.util.List;

/**
 * A hand-written recursive-descent parser for the PEP 508 marker grammar:
 *
 * <pre>
 * marker      = and_expr ( 'or' and_expr )*
 * and_expr    = atom ( 'and' atom )*
 * atom        = wsp* ( '(' wsp* marker wsp* ')' | marker_var wsp* marker_op wsp* marker_var ) wsp*
 * marker_var  = variable | '"' chars '"' | "'" chars "'"
 * marker_op   = '&lt;=' | '&lt;' | '!=' | '===' | '==' | '&gt;=' | '&gt;' | '~=' | 'in' | 'not' wsp+ 'in'
 * </pre>
 *
 * <p>Whitespace is space and tab only. Keywords and variable names must end at a word boundary, so
 * {@code "a" in os_name} needs no spaces around quotes but {@code andos_name} is no keyword. Quoted
 * strings have no escapes: a backslash or a control character other than tab is an error.
 *
 * <p>It parses either a whole marker or, for {@link RequirementParser}, the marker after the
 * {@code ;} of a requirement, reporting errors against the whole requirement string.
 */
final class MarkerParser {

    /** Deeper nesting than this is refused rather than risking the stack on hostile input. */
    static final int MAX_NESTING = 64;

    /** Creates the exception for a syntax error: marker or requirement, by what is being parsed. */
    @FunctionalInterface
    interface Errors {
        PackagingException at(String reason, String input, int position);
    }

    private final String text;
    private final Errors errors;
    private int pos;
    private int depth;

    MarkerParser(String text, int start, Errors errors) {
        this.text = text;
        this.pos = start;
        this.errors = errors;
    }

    /** Parses a complete marker string. */
    static MarkerNode parse(String text) {
        if (text == null) {
            throw new InvalidMarkerException("A marker is required", null, PackagingException.NO_POSITION);
        }
        MarkerParser parser = new MarkerParser(text, 0, InvalidMarkerException::new);
        MarkerNode node = parser.parseMarker();
        if (parser.pos < text.length()) {
            throw parser.error("Expected 'and', 'or' or the end of the marker", parser.pos);
        }
        return node;
    }

    /** Parses a marker starting at the current position; stops before anything that cannot continue it. */
    MarkerNode parseMarker() {
        // The outer parentheses of a whole marker add nothing; dropping them makes "(a)" equal "a".
        return parseDisjunction().grouped(false);
    }

    int position() {
        return pos;
    }

    private MarkerNode parseDisjunction() {
        MarkerNode first = parseConjunction();
        if (!atKeyword("or")) {
            return first;
        }
        List<MarkerNode> terms = new ArrayList<>();
        terms.add(first);
        while (atKeyword("or")) {
            pos += 2;
            terms.add(parseConjunction());
        }
        return Junction.anyOf(terms);
    }

    private MarkerNode parseConjunction() {
        MarkerNode first = parseAtom();
        if (!atKeyword("and")) {
            return first;
        }
        List<MarkerNode> terms = new ArrayList<>();
        terms.add(first);
        while (atKeyword("and")) {
            pos += 3;
            terms.add(parseAtom());
        }
        return Junction.allOf(terms);
    }

    private MarkerNode parseAtom() {
        skipWhitespace();
        MarkerNode node;
        if (peek() == '(') {
            int open = pos++;
            if (++depth > MAX_NESTING) {
                throw error("Parentheses nested more than " + MAX_NESTING + " deep", open);
            }
            skipWhitespace();
            MarkerNode inner = parseDisjunction();
            skipWhitespace();
            if (peek() != ')') {
                throw error("Expected ')' to close the '(' at offset " + open + ", or 'and' / 'or'", pos);
            }
            pos++;
            depth--;
            node = inner.grouped(true);
        } else {
            node = parseComparison();
        }
        skipWhitespace();
        return node;
    }

    private Comparison parseComparison() {
        Operand left = parseOperand();
        skipWhitespace();
        MarkerOperator operator = parseOperator();
        skipWhitespace();
        Operand right = parseOperand();
        return Comparison.of(left, operator, right);
    }

    private Operand parseOperand() {
        char c = peek();
        if (c == '"' || c == '\'') {
            return parseQuoted(c);
        }
        int start = pos;
        int end = wordEnd(start);
        // The legacy PEP 345 names are dotted: os.name, sys.platform, platform.machine, ...
        if (end < text.length() && text.charAt(end) == '.' && isDottedPrefix(start, end)) {
            int afterDot = wordEnd(end + 1);
            if (afterDot > end + 1) {
                end = afterDot;
            }
        }
        MarkerVariable variable = end > start ? MarkerVariable.fromName(text.substring(start, end)) : null;
        if (variable == null) {
            String found = end > start ? "; '" + text.substring(start, end) + "' is not a marker variable" : "";
            throw error("Expected a marker variable (such as python_version, sys_platform or extra) or a quoted string"
                    + found, start);
        }
        pos = end;
        return new Operand.Variable(variable);
    }

    private boolean isDottedPrefix(int start, int end) {
        int length = end - start;
        return (length == 2 && text.startsWith("os", start))
                || (length == 3 && text.startsWith("sys", start))
                || (length == 8 && text.startsWith("platform", start));
    }

    private Operand parseQuoted(char quote) {
        int open = pos;
        int close = text.indexOf(quote, open + 1);
        // As the reference reads it: a quote with no closing one is no string at all, and a string
        // with a character it does not take is invalid as a whole, reported at its end.
        if (close < 0) {
            throw error("Expected a marker variable (such as python_version, sys_platform or extra) or a quoted"
                    + " string; the " + quote + " here is never closed", open);
        }
        for (int i = open + 1; i < close; i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                throw error("Invalid quoted string: a backslash at offset " + i
                        + " is not allowed (marker strings have no escapes)", close + 1);
            }
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw error(String.format("Invalid quoted string: control character U+%04X at offset %d is not allowed",
                        (int) c, i), close + 1);
            }
        }
        pos = close + 1;
        return new Operand.Literal(text.substring(open + 1, close));
    }

    private MarkerOperator parseOperator() {
        if (atKeyword("in")) {
            pos += 2;
            return MarkerOperator.IN;
        }
        if (atKeyword("not")) {
            pos += 3;
            if (!isWhitespace(peek())) {
                throw error("Expected whitespace after 'not'", pos);
            }
            skipWhitespace();
            if (!atKeyword("in")) {
                throw error("Expected 'in' after 'not'", pos);
            }
            pos += 2;
            return MarkerOperator.NOT_IN;
        }
        MarkerOperator operator = switch (peek()) {
            case '=' -> text.startsWith("===", pos) ? MarkerOperator.ARBITRARY_EQUAL
                    : text.startsWith("==", pos) ? MarkerOperator.EQUAL : null;
            case '!' -> text.startsWith("!=", pos) ? MarkerOperator.NOT_EQUAL : null;
            case '~' -> text.startsWith("~=", pos) ? MarkerOperator.COMPATIBLE : null;
            case '<' -> text.startsWith("<=", pos) ? MarkerOperator.LESS_EQUAL : MarkerOperator.LESS;
            case '>' -> text.startsWith(">=", pos) ? MarkerOperator.GREATER_EQUAL : MarkerOperator.GREATER;
            default -> null;
        };
        if (operator == null) {
            throw error("Expected a marker operator, one of <, <=, ==, !=, >=, >, ~=, ===, in, not in", pos);
        }
        pos += operator.symbol().length();
        return operator;
    }

    /** True when {@code word} starts at the current position and is a whole word there. */
    private boolean atKeyword(String word) {
        int end = pos + word.length();
        return text.startsWith(word, pos)
                && (pos == 0 || !isWordChar(text.charAt(pos - 1)))
                && (end == text.length() || !isWordChar(text.charAt(end)));
    }

    private int wordEnd(int from) {
        int i = from;
        while (i < text.length() && isWordChar(text.charAt(i))) {
            i++;
        }
        return i;
    }

    void skipWhitespace() {
        while (pos < text.length() && isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private PackagingException error(String reason, int position) {
        return errors.at(reason, text, position);
    }

    /** PEP 508 whitespace: space and tab, nothing else (a newline ends nothing and is an error). */
    static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t';
    }

    /** A character that continues a word, as Python's regular expressions read {@code \w}. */
    static boolean isWordChar(char c) {
        return c == '_' || Character.isLetterOrDigit(c);
    }
}
