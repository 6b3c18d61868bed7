package dev.pymirror.simple;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * URL references as pages write them: resolution against a base (RFC 3986 section 5.2), splitting
 * off the fragment, the file name at the end of the path.
 *
 * <p>Hand-written on strings rather than {@link java.net.URI} because foreign pages hold URLs that
 * {@code URI} refuses (spaces, bare non-ASCII, {@code |}); this never throws, it does its best.
 */
final class UrlReferences {

    private UrlReferences() {}

    /**
     * {@code reference} resolved against {@code base} per RFC 3986 section 5.2.2, fragment kept.
     * An absolute reference comes back unchanged; with no base, so does every reference.
     */
    static String resolve(String base, String reference) {
        if (base == null || base.isEmpty() || scheme(reference) != null) {
            return reference;
        }
        Parts b = Parts.of(base);
        Parts r = Parts.of(reference);
        if (b.scheme == null && b.authority == null) {
            return joinRelative(b, r, reference);
        }
        String authority;
        String path;
        String query;
        if (r.authority != null) {
            authority = r.authority;
            path = removeDotSegments(r.path);
            query = r.query;
        } else {
            authority = b.authority;
            if (r.path.isEmpty()) {
                path = b.path;
                query = r.query != null ? r.query : b.query;
            } else {
                path = removeDotSegments(r.path.startsWith("/") ? r.path : merge(b, r.path));
                query = r.query;
            }
        }
        StringBuilder out = new StringBuilder(base.length() + reference.length());
        if (b.scheme != null) {
            out.append(b.scheme).append(':');
        }
        if (authority != null) {
            out.append("//").append(authority);
        }
        out.append(path);
        if (query != null) {
            out.append('?').append(query);
        }
        if (r.fragment != null) {
            out.append('#').append(r.fragment);
        }
        return out.toString();
    }

    /**
     * A reference against a base that is itself relative (a {@code <base href="../files/">} on a
     * page whose URL is unknown): RFC 3986 does not define this, so the paths are joined and the
     * leading {@code ..} segments, which still mean something, are kept.
     */
    private static String joinRelative(Parts base, Parts ref, String reference) {
        if (ref.authority != null || ref.path.startsWith("/")) {
            return reference;
        }
        String path = ref.path.isEmpty() ? base.path : merge(base, ref.path);
        String query = ref.path.isEmpty() && ref.query == null ? base.query : ref.query;
        StringBuilder out = new StringBuilder(path);
        if (query != null) {
            out.append('?').append(query);
        }
        if (ref.fragment != null) {
            out.append('#').append(ref.fragment);
        }
        return out.toString();
    }

    /** The position of {@code url}'s {@code #}, or -1 when it has no fragment. */
    static int fragmentStart(String url) {
        return url.indexOf('#');
    }

    /** The path of {@code url}: no scheme, authority, query or fragment. */
    static String path(String url) {
        return Parts.of(url).path;
    }

    /** The last segment of {@code url}'s path, percent-decoded; empty when the path ends with {@code /}. */
    static String lastSegment(String url) {
        Parts parts = Parts.of(url);
        String path = parts.path;
        int slash = path.lastIndexOf('/');
        return percentDecode(path.substring(slash + 1));
    }

    /**
     * The lower-case scheme of {@code url} ({@code https}, {@code mailto}), or null for a relative
     * reference.
     */
    static String scheme(String url) {
        int end = schemeEnd(url);
        return end < 0 ? null : url.substring(0, end).toLowerCase(Locale.ROOT);
    }

    /**
     * {@code text} with {@code %XX} sequences decoded as UTF-8; {@code +} stays a plus. Text that
     * does not decode to valid UTF-8 comes back as given.
     */
    static String percentDecode(String text) {
        int percent = text.indexOf('%');
        if (percent < 0) {
            return text;
        }
        ByteBuffer bytes = ByteBuffer.allocate(text.length() * 4);
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length() && hexValue(text.charAt(i + 1)) >= 0
                    && hexValue(text.charAt(i + 2)) >= 0) {
                bytes.put((byte) (hexValue(text.charAt(i + 1)) * 16 + hexValue(text.charAt(i + 2))));
                i += 3;
            } else {
                int codePoint = text.codePointAt(i);
                bytes.put(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(codePoint);
            }
        }
        bytes.flip();
        try {
            CharBuffer decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes);
            return decoded.toString();
        } catch (CharacterCodingException e) {
            return text;
        }
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** The index of the {@code :} ending a scheme at the start of {@code url}, or -1. */
    private static int schemeEnd(String url) {
        if (url.isEmpty() || !isAsciiLetter(url.charAt(0))) {
            return -1;
        }
        for (int i = 1; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c == ':') {
                return i;
            }
            if (!(isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')) {
                return -1;
            }
        }
        return -1;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** RFC 3986 section 5.2.3. */
    private static String merge(Parts base, String relativePath) {
        if (base.authority != null && base.path.isEmpty()) {
            return "/" + relativePath;
        }
        int slash = base.path.lastIndexOf('/');
        return slash < 0 ? relativePath : base.path.substring(0, slash + 1) + relativePath;
    }

    /** RFC 3986 section 5.2.4. */
    static String removeDotSegments(String path) {
        if (!path.startsWith(".") && !path.contains("/.")) {
            return path; // nothing to remove: the usual case
        }
        String input = path;
        StringBuilder output = new StringBuilder(path.length());
        while (!input.isEmpty()) {
            if (input.startsWith("../")) {
                input = input.substring(3);
            } else if (input.startsWith("./")) {
                input = input.substring(2);
            } else if (input.startsWith("/./")) {
                input = input.substring(2);
            } else if (input.equals("/.")) {
                input = "/";
            } else if (input.startsWith("/../")) {
                input = input.substring(3);
                removeLastSegment(output);
            } else if (input.equals("/..")) {
                input = "/";
                removeLastSegment(output);
            } else if (input.equals(".") || input.equals("..")) {
                input = "";
            } else {
                int next = input.indexOf('/', input.startsWith("/") ? 1 : 0);
                if (next < 0) {
                    next = input.length();
                }
                output.append(input, 0, next);
                input = input.substring(next);
            }
        }
        return output.toString();
    }

    private static void removeLastSegment(StringBuilder output) {
        int slash = output.lastIndexOf("/");
        output.setLength(Math.max(slash, 0));
    }

    /** The five components of a URI reference (RFC 3986 appendix B); absent ones are null. */
    private record Parts(String scheme, String authority, String path, String query, String fragment) {

        static Parts of(String reference) {
            String rest = reference;
            String fragment = null;
            int hash = rest.indexOf('#');
            if (hash >= 0) {
                fragment = rest.substring(hash + 1);
                rest = rest.substring(0, hash);
            }
            String query = null;
            int question = rest.indexOf('?');
            if (question >= 0) {
                query = rest.substring(question + 1);
                rest = rest.substring(0, question);
            }
            String scheme = null;
            int colon = schemeEnd(rest);
            if (colon >= 0) {
                scheme = rest.substring(0, colon);
                rest = rest.substring(colon + 1);
            }
            String authority = null;
            if (rest.startsWith("//")) {
                int end = rest.indexOf('/', 2);
                if (end < 0) {
                    end = rest.length();
                }
                authority = rest.substring(2, end);
                rest = rest.substring(end);
            }
            return new Parts(scheme, authority, rest, query, fragment);
        }
    }
}
