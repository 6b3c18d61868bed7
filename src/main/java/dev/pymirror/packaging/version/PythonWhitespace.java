package dev.pymirror.packaging.version;

/**
 * The characters Python's {@code str.strip()} and regular expression {@code \s} treat as whitespace.
 *
 * <p>The reference strips versions and specifiers with these, and they are wider than Java's
 * {@link Character#isWhitespace}: Python also counts no-break spaces (U+00A0, U+202F) and U+0085.
 */
final class PythonWhitespace {

    private PythonWhitespace() {}

    static boolean isSpace(char c) {
        if (c <= ' ') {
            return c == ' ' || (c >= '\t' && c <= '\r') || (c >= '\u001c' && c <= '\u001f');
        }
        if (c < '\u0085') {
            return false;
        }
        return c == '\u0085' || c == '\u00a0' || c == '\u1680'
                || (c >= '\u2000' && c <= '\u200a')
                || c == '\u2028' || c == '\u2029' || c == '\u202f' || c == '\u205f' || c == '\u3000';
    }

    /** Index of the first non-whitespace character at or after {@code from}, or {@code to}. */
    static int skip(CharSequence s, int from, int to) {
        while (from < to && isSpace(s.charAt(from))) {
            from++;
        }
        return from;
    }

    /** One past the last non-whitespace character before {@code to}, or {@code from}. */
    static int skipBack(CharSequence s, int from, int to) {
        while (to > from && isSpace(s.charAt(to - 1))) {
            to--;
        }
        return to;
    }

    static boolean containsSpace(CharSequence s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (isSpace(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
