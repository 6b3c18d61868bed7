package dev.pymirror.server.auth;

/**
 * User names: 1 to 64 characters of letters, digits, {@code . _ @ -}, starting with a letter or
 * digit. {@code __token__}, the name twine sends with an API token, is therefore never a user.
 */
public final class UserName {

    /** The user name that says "the password is an API token", as twine and PyPI spell it. */
    public static final String TOKEN_USER = "__token__";

    private UserName() {}

    public static boolean isValid(String name) {
        if (name == null || name.isEmpty() || name.length() > 64 || !Character.isLetterOrDigit(name.charAt(0))) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '@' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** @throws IllegalArgumentException naming the rule when {@code name} breaks it */
    public static String check(String name) {
        if (!isValid(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a valid user name: use 1 to 64 letters, digits"
                    + " and . _ @ -, starting with a letter or digit");
        }
        return name;
    }
}
