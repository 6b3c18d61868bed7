package dev.pymirror.packaging.requirements;

import dev.pymirror.packaging.PackagingException;
import dev.pymirror.packaging.ProjectName;
import dev.pymirror.packaging.version.Specifier;
import dev.pymirror.packaging.version.SpecifierSet;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * <p>A URL runs to the next whitespace, so the {@code ;} before a marker must follow a space. Like
 * pip, a trailing comma after the last clause is accepted.
 *
 * <p>Errors follow the reference implementation (pypa/packaging) in reason and position. It reads a
 * version clause as one token, as far as the PEP 440 grammar for its operator allows: what does not
 * start such a token (an operator with no version after it, {@code ~=1}) is no clause, and the error
 * is what was expected at its start; what follows a token that is not {@code ,} {@code ;} {@code )}
 * or the end is an error there ({@code ==1.0.org1} at {@code .org1}). A {@code .*} or a local label
 * after a token whose operator does not take it is reported at the {@code *} or the {@code +}. Our
 * reasons add what was wrong with the clause, as {@link Specifier#parse} says it.
 */
final class RequirementParser {

    private final String text;
    private int pos;
    /** Why the version clause at {@link #clauseProblemAt} was not read, for the error reported there. */
    private String clauseProblem;
    private int clauseProblemAt = -1;

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
                    throw error((clauses.isEmpty()
                            ? "Expected a version specifier, '@' and a URL, ';' and a marker, or the end after the name"
                            : "Expected ',' and another version clause, ';' and a marker, or the end") + clauseProblem(), pos);
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
        if (end == start) {
            throw error("Expected a project name at the start of the requirement", start);
        }
        pos = end;
        return ProjectName.of(text.substring(start, end));
    }

    /**
     * The end of a name starting at {@code start}, which must end with a letter or digit; {@code start}
     * when there is none. As the reference reads it, a name is the longest run of name characters
     * that a word boundary ends: {@code name-} is the name {@code name} and a stray {@code -}, and
     * {@code näme} has no name at all ({@code n} runs on into a letter).
     */
    private int nameEnd(int start) {
        int end = start;
        while (end < text.length() && isNameChar(text.charAt(end))) {
            end++;
        }
        while (end > start && !isWordBoundary(end)) {
            end--;
        }
        if (end > start && !isAsciiAlphanumeric(text.charAt(end - 1))) {
            throw error("A name must end with a letter or digit", end - 1);
        }
        return end;
    }

    /** Whether a word (as Python's {@code \\b} sees words) starts or ends between {@code i - 1} and {@code i}. */
    private boolean isWordBoundary(int i) {
        boolean after = i < text.length() && MarkerParser.isWordChar(text.charAt(i));
        return MarkerParser.isWordChar(text.charAt(i - 1)) != after;
    }

    private TreeSet<String> parseExtras() {
        TreeSet<String> extras = new TreeSet<>();
        if (peek() != '[') {
            return extras;
        }
        int open = pos++;
        skipWhitespace();
        String first = isAsciiAlphanumeric(peek()) ? parseExtraName() : "";
        if (!first.isEmpty()) {
            extras.add(first);
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
                String next = isAsciiAlphanumeric(peek()) ? parseExtraName() : "";
                if (next.isEmpty()) {
                    throw error("Expected an extra name after ','", pos);
                }
                extras.add(next);
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
            Specifier clause = parseClause();
            if (clause == null) {
                break;
            }
            clauses.add(clause);
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
                throw error("Expected ')' to close the version specifier opened at offset " + open + clauseProblem(), pos);
            }
            pos++;
        }
        return clauses;
    }

    /**
     * The version clause at {@link #pos}, read as the reference reads it (see the class comment), or
     * null when there is none there, with {@link #pos} unchanged and the reason kept for the error
     * its caller reports.
     */
    private Specifier parseClause() {
        int start = pos;
        String operator = operatorAt(pos);
        if (operator == null) {
            int end = start;
            while (end < text.length() && isOperatorStart(text.charAt(end))) {
                end++;
            }
            return noClause(start, "'" + text.substring(start, end)
                    + "' is not a version operator, one of ==, !=, <=, >=, <, >, ~=, ===");
        }
        int at = start + operator.length();
        while (at < text.length() && MarkerParser.isWhitespace(text.charAt(at))) {
            at++;
        }
        int versionStart = at;
        boolean arbitrary = operator.equals("===");
        int runEnd = versionStart;
        while (runEnd < text.length()
                && (arbitrary ? isArbitraryChar(text.charAt(runEnd)) : isVersionChar(text.charAt(runEnd)))) {
            runEnd++;
        }
        if (runEnd == versionStart) {
            if (arbitrary) {
                throw error("Expected a version after '==='", runEnd);
            }
            return noClause(start, "'" + operator + "' has no version after it");
        }
        if (arbitrary) {
            pos = runEnd;
            return specifier(start, runEnd);
        }
        Matcher token = versionPattern(operator).matcher(text).region(versionStart, text.length());
        if (!token.lookingAt()) {
            return noClause(start, invalidClause(start, runEnd));
        }
        int end = token.end();
        if (text.startsWith(".*", end)) {
            throw error(invalidSpecifier(start, end + 2), end + 1);
        }
        Matcher local = LOCAL_LABEL.matcher(text).region(end, text.length());
        if (local.lookingAt()) {
            throw error(invalidSpecifier(start, local.end()), end);
        }
        if (runEnd > end) {
            clauseProblem = invalidClause(start, runEnd);
            clauseProblemAt = end;
        }
        pos = end;
        return specifier(start, end);
    }

    private Specifier noClause(int start, String problem) {
        clauseProblem = problem;
        clauseProblemAt = start;
        pos = start;
        return null;
    }

    /** The error for a version clause {@code text[start, end)} that is invalid as a whole. */
    private String invalidSpecifier(int start, int end) {
        String clause = text.substring(start, end);
        try {
            Specifier.parse(clause);
            return "Invalid version specifier '" + clause + "'";
        } catch (PackagingException e) {
            return "Invalid version specifier '" + clause + "': " + e.reason();
        }
    }

    /** What {@link Specifier#parse} says of the clause {@code text[start, end)}. */
    private String invalidClause(int start, int end) {
        String clause = text.substring(start, end);
        try {
            Specifier.parse(clause);
            return "'" + clause + "' is not a version clause";
        } catch (PackagingException e) {
            return "'" + clause + "' is not a valid version clause: " + e.reason();
        }
    }

    private Specifier specifier(int start, int end) {
        String clause = text.substring(start, end);
        try {
            return Specifier.parse(clause);
        } catch (PackagingException e) {
            throw error("Invalid version specifier '" + clause + "': " + e.reason(),
                    e.position() < 0 ? start : start + e.position());
        }
    }

    /** The reason a clause was not read, when the error is reported where it was: " (...)", else "". */
    private String clauseProblem() {
        return clauseProblemAt == pos ? " (" + clauseProblem + ")" : "";
    }

    // The PEP 440 forms a version may take after each kind of operator, as the reference's
    // tokenizer accepts them: == and != also take a .* suffix (after the release only) or a local
    // label, ~= needs two release numbers, the others take neither.
    private static final String EPOCH_RELEASE = "v?(?:[0-9]+!)?[0-9]+";
    private static final String PRE = "(?:[-_.]?(?:alpha|beta|preview|pre|a|b|c|rc)[-_.]?[0-9]*)?";
    private static final String POST = "(?:-[0-9]+|[-_.]?(?:post|rev|r)[-_.]?[0-9]*)?";
    private static final String DEV = "(?:[-_.]?dev[-_.]?[0-9]*)?";
    private static final String LOCAL = "\\+[a-z0-9]+(?:[-_.][a-z0-9]+)*";
    private static final Pattern EQUALITY = Pattern.compile(EPOCH_RELEASE + "(?:\\.[0-9]+)*(?:\\.\\*|" + PRE + POST + DEV
            + "(?:" + LOCAL + ")?)", Pattern.CASE_INSENSITIVE);
    private static final Pattern COMPATIBLE = Pattern.compile(EPOCH_RELEASE + "(?:\\.[0-9]+)+" + PRE + POST + DEV,
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ORDERED = Pattern.compile(EPOCH_RELEASE + "(?:\\.[0-9]+)*" + PRE + POST + DEV,
            Pattern.CASE_INSENSITIVE);
    // The reference looks for a local label after a token in lower case only.
    private static final Pattern LOCAL_LABEL = Pattern.compile(LOCAL);

    private static Pattern versionPattern(String operator) {
        return switch (operator) {
            case "==", "!=" -> EQUALITY;
            case "~=" -> COMPATIBLE;
            default -> ORDERED;
        };
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
