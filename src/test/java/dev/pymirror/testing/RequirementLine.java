package dev.pymirror.testing;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A requirement as a test types it ({@code FLASK_LIKE[sec]}, {@code dep-lib>=1.0}), split into what
 * poetry's and pipenv's project files want as separate fields. Only names, extras and a version
 * specifier: the matrix's requirements have no markers or URLs.
 *
 * @param name the name as typed, not normalized (the client is meant to normalize it)
 * @param extras the extras as typed
 * @param specifier the version specifier, or {@code *} for any version
 */
public record RequirementLine(String name, List<String> extras, String specifier) {

    private static final Pattern LINE = Pattern.compile("\\s*([A-Za-z0-9][A-Za-z0-9._-]*)\\s*(?:\\[([^\\]]*)\\])?\\s*(.*?)\\s*");

    public static RequirementLine parse(String requirement) {
        Matcher m = LINE.matcher(requirement);
        if (!m.matches() || m.group(3).contains(";") || m.group(3).contains("@")) {
            throw new IllegalArgumentException("not a plain requirement with extras and a version: " + requirement);
        }
        List<String> extras = m.group(2) == null ? List.of()
                : Arrays.stream(m.group(2).split(",")).map(String::strip).filter(e -> !e.isEmpty()).toList();
        return new RequirementLine(m.group(1), extras, m.group(3).isEmpty() ? "*" : m.group(3));
    }

    /** The extras as a TOML array of strings. */
    String extrasToml() {
        return extras.stream().map(LockingClient::toml).collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }
}
