package dev.pymirror.packaging.metadata;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fields of a METADATA or PKG-INFO file as written, before any field is interpreted.
 *
 * <p>The format is an RFC 822 style header block, optionally followed by a blank line and a body
 * (the description, from metadata 2.1 on). It is read the way pip reads it (Python's email parser
 * with the compat32 policy), so that pymirror sees the same fields pip will: a line that is neither a
 * header nor a continuation ends the headers and starts the body; a continuation line (starting with
 * a space or tab) belongs to the field above it.
 *
 * @param fields field values by lower-case field name, in the order they appear; each value is
 *     unfolded (continuation line breaks removed) except {@code description}, whose line structure is
 *     kept with the historic 8-space or {@code "        |"} indentation taken off
 * @param body the text after the header block, empty when there is none
 */
public record RawMetadata(Map<String, List<String>> fields, String body) {

    public RawMetadata {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        fields.forEach((k, v) -> copy.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        fields = Collections.unmodifiableMap(copy);
        body = body == null ? "" : body;
    }

    /**
     * Reads the bytes of a METADATA or PKG-INFO file. The bytes are UTF-8 as the specification
     * says; files from old tools that are not valid UTF-8 are read as Latin-1 rather than lost.
     */
    public static RawMetadata parse(byte[] bytes) {
        return parse(decode(bytes));
    }

    /** Reads the text of a METADATA or PKG-INFO file. */
    public static RawMetadata parse(String text) {
        if (text == null) {
            throw new InvalidMetadataException("No metadata given", "", "null");
        }
        Map<String, List<String>> fields = new LinkedHashMap<>();
        List<String> lastValues = null;
        StringBuilder folded = null;
        String lastName = null;
        int pos = text.startsWith("\uFEFF") ? 1 : 0;
        int bodyStart = text.length();
        while (pos < text.length()) {
            int end = lineEnd(text, pos);
            String line = text.substring(pos, end);
            int next = skipLineBreak(text, end);
            if (line.isEmpty()) {
                bodyStart = next;
                break;
            }
            char first = line.charAt(0);
            if (first == ' ' || first == '\t') {
                if (folded != null) {
                    folded.append('\n').append(line);
                }
                // A continuation before any header has nothing to continue; the email parser drops it.
                pos = next;
                continue;
            }
            int colon = headerColon(line);
            if (colon < 0) {
                // Not a header: the header block ended without its blank line and this starts the body.
                bodyStart = pos;
                break;
            }
            if (folded != null) {
                lastValues.add(finish(lastName, folded));
            }
            lastName = line.substring(0, colon).toLowerCase(Locale.ROOT);
            lastValues = fields.computeIfAbsent(lastName, k -> new ArrayList<>());
            folded = new StringBuilder(stripLeading(line.substring(colon + 1)));
            pos = next;
        }
        if (folded != null) {
            lastValues.add(finish(lastName, folded));
        }
        String body = bodyStart < text.length() ? text.substring(bodyStart) : "";
        return new RawMetadata(fields, body);
    }

    /** Every value of a field, in file order; empty when the field is absent. Names are case-insensitive. */
    public List<String> all(String field) {
        return fields.getOrDefault(field.toLowerCase(Locale.ROOT), List.of());
    }

    /** The first value of a field, or null when it is absent. */
    public String first(String field) {
        List<String> values = all(field);
        return values.isEmpty() ? null : values.get(0);
    }

    /** True when the field appears at least once. */
    public boolean has(String field) {
        return !all(field).isEmpty();
    }

    private static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    /** The colon ending a header name, or -1 when the line is not a header (as the email parser sees it). */
    private static int headerColon(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == ':') {
                return i;
            }
            if (c < '!' || c > '~') {
                return -1;
            }
        }
        return -1;
    }

    private static String finish(String name, StringBuilder folded) {
        String value = folded.toString().stripTrailing();
        if (value.indexOf('\n') < 0) {
            return value;
        }
        String[] lines = value.split("\n", -1);
        StringBuilder out = new StringBuilder(value.length()).append(lines[0]);
        boolean description = name.equals("description");
        for (int i = 1; i < lines.length; i++) {
            if (description) {
                // Old setuptools indented each description line by 8 spaces, later by 8 spaces and '|'.
                out.append('\n').append(dedentDescriptionLine(lines[i]));
            } else {
                out.append(lines[i]); // RFC 822 unfolding: the line break goes, the whitespace stays
            }
        }
        return out.toString();
    }

    private static String dedentDescriptionLine(String line) {
        if (line.startsWith("       |")) {
            return line.substring(8);
        }
        if (line.startsWith("        ")) {
            return line.substring(8);
        }
        return line.stripLeading();
    }

    private static String stripLeading(String s) {
        int i = 0;
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return s.substring(i);
    }

    private static int lineEnd(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                return i;
            }
        }
        return text.length();
    }

    private static int skipLineBreak(String text, int end) {
        if (end < text.length() && text.charAt(end) == '\r') {
            end++;
        }
        if (end < text.length() && text.charAt(end) == '\n') {
            end++;
        }
        return end;
    }
}
