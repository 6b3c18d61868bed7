package dev.pymirror.packaging.requirements;

import java.util.Map;

/**
 * How the reference's parse errors map onto ours. Our messages are worded differently (they say the
 * same thing in our terms), so each reference message maps to a phrase our reason must contain.
 */
final class ErrorKinds {

    private ErrorKinds() {}

    private static final Map<String, String> OURS = Map.ofEntries(
            Map.entry("Expected a marker variable or quoted string", "Expected a marker variable"),
            Map.entry("Expected marker operator, one of <=, <, !=, ==, >=, >, ~=, ===, in, not in",
                    "Expected a marker operator"),
            Map.entry("Expected matching RIGHT_PARENTHESIS for LEFT_PARENTHESIS, after marker expression",
                    "Expected ')' to close the '('"),
            Map.entry("Expected end of marker expression", "Expected 'and', 'or' or the end of the marker"),
            Map.entry("Invalid quoted string", "Invalid quoted string"),
            Map.entry("Expected 'in' after 'not'", "Expected 'in' after 'not'"),
            Map.entry("Expected whitespace after 'not'", "Expected whitespace after 'not'"),
            Map.entry("Expected comma (within version specifier), semicolon (after version specifier) or end",
                    "Expected ',' and another version clause, ';' and a marker, or the end"),
            Map.entry("Expected end of dependency specifier", "Expected 'and', 'or' or the end of the requirement"),
            Map.entry("Expected package name at the start of dependency specifier",
                    "Expected a project name at the start"),
            Map.entry("Expected comma between extra names", "Expected ',' between extra names"),
            Map.entry("Expected extra name after comma", "Expected an extra name after ','"),
            Map.entry("Expected matching RIGHT_PARENTHESIS for LEFT_PARENTHESIS, after version specifier",
                    "Expected ')' to close the version specifier"),
            Map.entry("Expected matching RIGHT_BRACKET for LEFT_BRACKET, after extras", "to close the '['"),
            Map.entry("Expected semicolon (after URL and whitespace) or end", "Expected ';' and a marker, or the end"),
            Map.entry("Expected semicolon (after name with no version specifier) or end",
                    "Expected a version specifier, '@' and a URL, ';' and a marker, or the end"),
            Map.entry("Expected URL after @", "Expected a URL after '@'"),
            Map.entry(".* suffix can only be used with `==` or `!=` operators",
                    "A '.*' suffix is only allowed with '==' and '!='"),
            Map.entry(".* suffix cannot be used with pre-release, post-release, dev or local versions",
                    "A '.*' suffix may only follow the epoch and release numbers"),
            Map.entry("Local version label can only be used with `==` or `!=` operators",
                    "A local version label is only allowed with '==' and '!='"));

    /** Our phrase for a reference message, or null when there is none. */
    static String ours(String referenceMessage) {
        return OURS.get(referenceMessage);
    }

    /**
     * Where the reference's marker errors point, for the invalid markers of markers.json (which give
     * no position): as for the same markers in requirements.json, a bad quoted string at its end.
     */
    static final Map<String, Integer> MARKER_POSITIONS = Map.of(
            "this_isnt_a_real_variable >= '1.0'", 0,
            "python_version", 14,
            "(python_version)", 15,
            "(python_version == \"2.7\" and os_name == \"linux\"", 47,
            "(python_version == \"2.7\") with random text", 26,
            "python_version >= \"3\"\n", 21,
            "python_version >= \"3\"\r", 21,
            "python_version >= \"3\"\r\n", 21,
            "os_name == \"C:\\\"", 16,
            "os_name == \"\\x\"", 15);
}
