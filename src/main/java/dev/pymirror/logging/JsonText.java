package dev.pymirror.logging;

/**
 * JSON string contents for log lines: whatever a client sent (a User-Agent, a path) can neither
 * end the string nor the line. Quotes and backslashes get a backslash, everything outside printable
 * ASCII becomes {@code \}{@code uHHHH}: a line stays ASCII, and a parser gives back the exact text,
 * surrogate pairs included.
 */
public final class JsonText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonText() {}

    /** Appends {@code text} as a JSON string, with its quotes; {@code null} for null. */
    public static StringBuilder string(StringBuilder out, String text) {
        if (text == null) {
            return out.append("null");
        }
        return escaped(out.append('"'), text).append('"');
    }

    /** Appends {@code text} escaped for the inside of a JSON string, without quotes. */
    public static StringBuilder escaped(StringBuilder out, String text) {
        // Runs of plain characters are copied whole: pip's User-Agent is a JSON object, full of quotes.
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                continue;
            }
            out.append(text, run, i);
            run = i + 1;
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else {
                out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xf]).append(HEX[(c >> 4) & 0xf])
                        .append(HEX[c & 0xf]);
            }
        }
        return out.append(text, run, text.length());
    }
}
