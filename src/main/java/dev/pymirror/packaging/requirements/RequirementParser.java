package dev.pymirror.packaging.requirements;

import dev.pymirror.packaging.PackagingException;
import dev.pymirror.packaging.ProjectName;
import dev.pymirror.packaging.version.Specifier;
import dev.pymirror.packaging.version.SpecifierSet;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A hand-written parser for PEP 508 dependency specifiers:
 *
 * <pre>
 * requirement = wsp* name wsp* extras? wsp* ( '@' wsp* url ( wsp+ ( ';' marker )? )?
 *                                           | specifier wsp* ( ';' marker )? ) wsp*
 * extras      = '[' wsp* ( name ( wsp* ',' wsp* name )* )? wsp* ']'
 * specifier   = '(' wsp* clauses wsp* ')' | clauses
 * clauses     = ( clause ( wsp* ',' wsp* clause )* ','? )?
 * clause      = operator wsp* version
 * </pre>
 *
 * <p>A URL runs to the next whitespace, so the {@code ;} before a marker must follow a space. Each
 * version clause is checked by {@link Specifier#parse}; its errors are reported at their place in the
 * requirement. Like pip, a trailing comma after the last clause is accepted.
 */
final class RequirementParser {

    private final String text;
    private int pos;

    private RequirementParser(String text) {
        this.text = text;
    }

    static Requirement parse(String text) {
        if (text == null) {
            throw new InvalidRequirementException("A requirement is required", null, PackagingException.NO_POSITION);
        }
        return new RequirementParser(text).parseRequirement();
    }

    private Requirement parseRequirement() {
        skipWhitespace();
        ProjectName name = parseName();
        skipWhitespace();
        TreeSet<String> extras = parseExtras();
        skipWhitespace();
        String url = null;
        List<Specifier> clauses = List.of();
        Marker marker = null;
        if (peek() == '@') {
            pos++;
            skipWhitespace();
            url = parseUrl();
            if (!atEnd()) {
                if (!MarkerParser.isWhitespace(peek())) {
                    throw error("Expected whitespace or the end after the URL", pos);
                }
                skipWhitespace();
                if (!atEnd()) {
                    if (peek() != ';') {
                        throw error("Expected ';' and a marker, or the end, after the URL and whitespace", pos);
                    }
                    marker = parseMarker();
                }
            }
        } else {
            clauses = parseSpecifier();
            skipWhitespace();
            if (!atEnd()) {
                if (peek() != ';') {
                    throw error(clauses.isEmpty()
                            ? "Expected a version specifier, '@' and a URL, ';' and a marker, or the end after the name"
                            : "Expected ',' and another version clause, ';' and a marker, or the end", pos);
                }
                marker = parseMarker();
            }
        }
        return new Requirement(name, extras, specifierSet(clauses), url, marker);
    }

    private ProjectName parseName() {
        int start = pos;
        if (!isAsciiAlphanumeric(peek())) {
            throw error("Expected a project name at the start of the requirement", pos);
        }
        int end = nameEnd(start);
        pos = end;
        return ProjectName.of(text.substring(start, end));
    }

    /** The end of a name starting at {@code start}, which must end with a letter or digit. */
    private int nameEnd(int start) {
        int end = start;
        while (end < text.length() && isNameChar(text.charAt(end))) {
            end++;
        }
        if (!isAsciiAlphanumeric(text.charAt(end - 1))) {
            throw error("A name must end with a letter or digit", end - 1);
        }
        return end;
    }

    private TreeSet<String> parseExtras() {
        TreeSet<String> extras = new TreeSet<>();
        if (peek() != '[') {
            return extras;
        }
        int open = pos++;
        skipWhitespace();
        if (isAsciiAlphanumeric(peek())) {
            extras.add(parseExtraName());
            while (true) {
                skipWhitespace();
                if (isAsciiAlphanumeric(peek())) {
                    throw error("Expected ',' between extra names", pos);
                }
                if (peek() != ',') {
                    break;
                }
                pos++;
                skipWhitespace();
                if (!isAsciiAlphanumeric(peek())) {
                    throw error("Expected an extra name after ','", pos);
                }
                extras.add(parseExtraName());
            }
        }
        skipWhitespace();
        if (peek() != ']') {
            throw error((extras.isEmpty() ? "Expected an extra name or ']'" : "Expected ',' or ']'")
                    + " to close the '[' at offset " + open, pos);
        }
        pos++;
        return extras;
    }

    private String parseExtraName() {
        int start = pos;
        pos = nameEnd(start);
        return text.substring(start, pos);
    }

    private String parseUrl() {
        int start = pos;
        while (pos < text.length() && text.charAt(pos) > ' ' && text.charAt(pos) != 0x7f) {
            pos++;
        }
        if (pos == start) {
            throw error("Expected a URL after '@'", pos);
        }
        return text.substring(start, pos);
    }

    private List<Specifier> parseSpecifier() {
        boolean parenthesized = peek() == '(';
        int open = pos;
        if (parenthesized) {
            pos++;
            skipWhitespace();
        }
        List<Specifier> clauses = new ArrayList<>();
        while (isOperatorStart(peek())) {
            clauses.add(parseClause());
            skipWhitespace();
            if (peek() != ',') {
                break;
            }
            pos++;
            skipWhitespace();
        }
        if (parenthesized) {
            skipWhitespace();
            if (peek() != ')') {
                throw error("Expected ')' to close the version specifier opened at offset " + open, pos);
            }
            pos++;
        }
        return clauses;
    }

    private Specifier parseClause() {
        int start = pos;
        String operator = operatorAt(pos);
        if (operator == null) {
            throw error("Expected a version operator, one of ==, !=, <=, >=, <, >, ~=, ===", pos);
        }
        pos += operator.length();
        skipWhitespace();
        int versionStart = pos;
        boolean arbitrary = operator.equals("===");
        while (pos < text.length() && (arbitrary ? isArbitraryChar(text.charAt(pos)) : isVersionChar(text.charAt(pos)))) {
            pos++;
        }
        if (pos == versionStart) {
            throw error("Expected a version after '" + operator + "'", pos);
        }
        String clause = text.substring(start, pos);
        try {
            return Specifier.parse(clause);
        } catch (PackagingException e) {
            throw error("Invalid version specifier '" + clause + "': " + e.reason(),
                    e.position() < 0 ? start : start + e.position());
        }
    }

    private Marker parseMarker() {
        pos++; // the ';'
        MarkerParser markers = new MarkerParser(text, pos, InvalidRequirementException::new);
        MarkerNode root = markers.parseMarker();
        pos = markers.position();
        skipWhitespace();
        if (!atEnd()) {
            throw error("Expected 'and', 'or' or the end of the requirement", pos);
        }
        return Marker.of(root);
    }

    /** Longest first, so that "===" is not read as "==" followed by "=". */
    private static final String[] OPERATORS = {"===", "==", "!=", "~=", "<=", ">=", "<", ">"};

    private String operatorAt(int at) {
        for (String operator : OPERATORS) {
            if (text.startsWith(operator, at)) {
                return operator;
            }
        }
        return null;
    }

    private static SpecifierSet specifierSet(List<Specifier> clauses) {
        return clauses.isEmpty() ? SpecifierSet.ANY : SpecifierSet.of(clauses, null);
    }

    private static boolean isOperatorStart(char c) {
        return c == '<' || c == '>' || c == '=' || c == '!' || c == '~';
    }

    /** Characters a PEP 440 version can be written with (before normalization), including a {@code .*} suffix. */
    private static boolean isVersionChar(char c) {
        return isAsciiAlphanumeric(c) || c == '.' || c == '-' || c == '_' || c == '+' || c == '!' || c == '*';
    }

    /** {@code ===} takes any string up to whitespace or the punctuation that ends a clause. */
    private static boolean isArbitraryChar(char c) {
        return c > ' ' && c != 0x7f && c != ',' && c != ';' && c != ')';
    }

    private static boolean isNameChar(char c) {
        return isAsciiAlphanumeric(c) || c == '-' || c == '_' || c == '.';
    }

    private static boolean isAsciiAlphanumeric(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private void skipWhitespace() {
        while (pos < text.length() && MarkerParser.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private boolean atEnd() {
        return pos >= text.length();
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private InvalidRequirementException error(String reason, int position) {
        return new InvalidRequirementException(reason, text, position);
    }
}
