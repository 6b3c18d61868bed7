package dev.pymirror.packaging;

import java.util.Locale;

/**
 * A project name, kept as written and compared by its PEP 503 normalized form.
 *
 * <p>{@code Foo.Bar_baz} and {@code foo-bar-baz} are the same project: runs of {@code -}, {@code _}
 * and {@code .} collapse to one {@code -} and letters are lower-cased. Equality, hashing and the
 * URL path under {@code /simple/} all use {@link #normalized()}.
 *
 * @param original the name as given (validated against PEP 508's name rule)
 * @param normalized the PEP 503 normalized form
 */
public record ProjectName(String original, String normalized) implements Comparable<ProjectName> {

    public ProjectName {
        if (original == null || normalized == null) {
            throw new InvalidNameException("A project name is required", String.valueOf(original));
        }
    }

    /**
     * Parses a project name.
     *
     * @throws InvalidNameException if the name is empty, starts or ends with punctuation, or holds a
     *     character other than ASCII letters, digits, {@code -}, {@code _} and {@code .}
     */
    public static ProjectName of(String name) {
        validate(name);
        return new ProjectName(name, normalize(name));
    }

    /** True when {@code name} is a valid PEP 508 project name. */
    public static boolean isValid(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        if (!isAlphanumeric(name.charAt(0)) || !isAlphanumeric(name.charAt(name.length() - 1))) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isAlphanumeric(c) && !isSeparator(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The PEP 503 normalized form of any string: lower case, each run of {@code -_.} replaced by a
     * single {@code -}. Does not validate; use {@link #of} for input from outside.
     */
    public static String normalize(String name) {
        if (isPlainNormalized(name)) {
            return name; // the common case, with no allocation
        }
        StringBuilder out = new StringBuilder(name.length());
        boolean inSeparatorRun = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (isSeparator(c)) {
                if (!inSeparatorRun) {
                    out.append('-');
                }
                inSeparatorRun = true;
            } else {
                out.append(c);
                inSeparatorRun = false;
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }

    /** True when {@code name} is already in PEP 503 normalized form. */
    public static boolean isNormalized(String name) {
        return isValid(name) && normalize(name).equals(name);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ProjectName that && normalized.equals(that.normalized);
    }

    @Override
    public int hashCode() {
        return normalized.hashCode();
    }

    @Override
    public int compareTo(ProjectName other) {
        return normalized.compareTo(other.normalized);
    }

    @Override
    public String toString() {
        return original;
    }

    private static void validate(String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidNameException("A project name must not be empty", String.valueOf(name));
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isAlphanumeric(c) && !isSeparator(c)) {
                throw new InvalidNameException(
                        "A project name may hold only ASCII letters, digits, '-', '_' and '.'; found '" + c + "'",
                        name, i);
            }
        }
        if (!isAlphanumeric(name.charAt(0))) {
            throw new InvalidNameException("A project name must start with a letter or digit", name, 0);
        }
        if (!isAlphanumeric(name.charAt(name.length() - 1))) {
            throw new InvalidNameException("A project name must end with a letter or digit", name, name.length() - 1);
        }
    }

    /** Lower-case letters, digits and single dashes only: nothing for {@link #normalize} to change. */
    private static boolean isPlainNormalized(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean plain = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || (c == '-' && (i == 0 || name.charAt(i - 1) != '-'));
            if (!plain) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlphanumeric(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static boolean isSeparator(char c) {
        return c == '-' || c == '_' || c == '.';
    }
}
