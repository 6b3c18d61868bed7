package dev.pymirror.simple;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Server-driven content negotiation for the simple API (PEP 691): an {@code Accept} header in, the
 * format to answer with out, or empty when none of the offered formats is acceptable (answer
 * {@code 406 Not Acceptable}).
 *
 * <p>The rules, from RFC 9110 section 12.5.1 and PEP 691's recommendations:
 * <ul>
 *   <li>Each offered format takes the quality ({@code q}, default 1) of the most specific range
 *       that matches it: {@code type/subtype} over {@code type/*} over {@code *}{@code /*}. So
 *       {@code application/vnd.pypi.simple.v1+json;q=0, *}{@code /*} refuses JSON.</li>
 *   <li>Quality 0 means "not acceptable". The highest quality wins; then the more specific match.</li>
 *   <li>Among formats the client named explicitly with equal quality, the most featureful wins:
 *       JSON, then {@code v1+html}, then {@code text/html} (PEP 691: {@code text/html} is the last
 *       resort).</li>
 *   <li>Among formats matched only by a wildcard, {@code text/html} wins: a client that names no
 *       simple-API type is a legacy one that reads HTML (as PyPI answers {@code *}{@code /*}).</li>
 *   <li>A missing, empty or wholly unreadable header counts as {@code *}{@code /*}, hence
 *       {@code text/html}. Unreadable entries of a header are skipped; nothing here throws.</li>
 *   <li>The {@code latest} aliases match the v1 formats exactly.</li>
 * </ul>
 *
 * <p>For example pip's {@code application/vnd.pypi.simple.v1+json,
 * application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01} and uv's header select JSON; a
 * browser's {@code text/html,application/xhtml+xml,*}{@code /*;q=0.8} selects {@code text/html}.
 */
public final class ContentNegotiation {

    /**
     * The {@code Accept} header a client of this package sends to an index: JSON preferred, HTML
     * accepted (the header PEP 691 recommends, as uv sends it).
     */
    public static final String CLIENT_ACCEPT =
            "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01";

    /** The {@code Vary} header value a negotiating server must send, so caches key on it. */
    public static final String VARY = "Accept";

    private static final int MAX_RANGES = 1000;

    private static final int WILDCARD = 0;
    private static final int TYPE_WILDCARD = 1;
    private static final int EXACT = 2;

    private ContentNegotiation() {}

    /** The format to answer {@code accept} with, among all three; empty means 406. */
    public static Optional<SimpleFormat> select(String accept) {
        return select(accept, EnumSet.allOf(SimpleFormat.class));
    }

    /**
     * The format to answer {@code accept} with, among those the server {@code offered} (a static
     * index might offer HTML only); empty means 406.
     */
    public static Optional<SimpleFormat> select(String accept, Set<SimpleFormat> offered) {
        if (offered == null || offered.isEmpty()) {
            return Optional.empty();
        }
        List<MediaRange> ranges = parse(accept);
        if (ranges.isEmpty()) {
            ranges = List.of(new MediaRange("*", "*", 1000));
        }
        SimpleFormat best = null;
        int bestQuality = 0;
        int bestSpecificity = -1;
        for (SimpleFormat format : SimpleFormat.values()) {
            if (!offered.contains(format)) {
                continue;
            }
            int specificity = -1;
            int quality = 0;
            for (MediaRange range : ranges) {
                int match = range.specificityFor(format);
                if (match > specificity) {
                    specificity = match;
                    quality = range.quality;
                } else if (match == specificity && range.quality > quality) {
                    quality = range.quality;
                }
            }
            if (specificity < 0 || quality == 0) {
                continue;
            }
            if (best == null || quality > bestQuality
                    || (quality == bestQuality && specificity > bestSpecificity)
                    || (quality == bestQuality && specificity == bestSpecificity
                            && preference(format, specificity) < preference(best, specificity))) {
                best = format;
                bestQuality = quality;
                bestSpecificity = specificity;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * True when {@code accept} names a simple-API media type ({@code application/vnd.pypi.simple.*})
     * with a quality above 0: the mark of an installer (pip since 22.2, uv) rather than a browser,
     * which names {@code text/html} only, or of curl, which sends {@code *}{@code /*}.
     */
    public static boolean namesSimpleApi(String accept) {
        for (MediaRange range : parse(accept)) {
            if (range.quality > 0 && range.type.equals("application") && range.subtype.startsWith("vnd.pypi.simple.")) {
                return true;
            }
        }
        return false;
    }

    /** Lower is preferred; see the class comment for why it depends on how the format matched. */
    private static int preference(SimpleFormat format, int specificity) {
        int featureful = switch (format) {
            case JSON_V1 -> 0;
            case HTML_V1 -> 1;
            case HTML_LEGACY -> 2;
        };
        return specificity == EXACT ? featureful : 2 - featureful;
    }

    /** The readable media ranges of a header, in order; unreadable entries are left out. */
    static List<MediaRange> parse(String accept) {
        List<MediaRange> ranges = new ArrayList<>();
        if (accept == null) {
            return ranges;
        }
        int start = 0;
        int length = accept.length();
        while (start < length && ranges.size() < MAX_RANGES) {
            int end = elementEnd(accept, start);
            MediaRange range = MediaRange.parse(accept.substring(start, end));
            if (range != null) {
                ranges.add(range);
            }
            start = end + 1;
        }
        return ranges;
    }

    /** The index of the comma ending the element at {@code start}, skipping quoted strings. */
    private static int elementEnd(String header, int start) {
        boolean quoted = false;
        for (int i = start; i < header.length(); i++) {
            char c = header.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                return i;
            }
        }
        return header.length();
    }

    /**
     * One entry of an {@code Accept} header.
     *
     * @param quality the q-value in thousandths (RFC 9110 allows three decimals), 0 to 1000
     */
    record MediaRange(String type, String subtype, int quality) {

        /** The entry's range and quality, or null when it cannot be read. */
        static MediaRange parse(String element) {
            String[] parts = splitParameters(element);
            String range = parts[0].trim().toLowerCase(Locale.ROOT);
            if (range.equals("*")) {
                range = "*/*"; // sent by some old clients (Java's URLConnection among them)
            }
            int slash = range.indexOf('/');
            if (slash <= 0 || slash == range.length() - 1 || range.indexOf('/', slash + 1) >= 0) {
                return null;
            }
            String type = range.substring(0, slash).trim();
            String subtype = range.substring(slash + 1).trim();
            if (!isToken(type) || !isToken(subtype) || (type.equals("*") && !subtype.equals("*"))) {
                return null;
            }
            int quality = 1000;
            for (int i = 1; i < parts.length; i++) {
                String parameter = parts[i].trim();
                int equals = parameter.indexOf('=');
                if (equals > 0 && parameter.substring(0, equals).trim().equalsIgnoreCase("q")) {
                    quality = parseQuality(parameter.substring(equals + 1).trim());
                    if (quality < 0) {
                        return null;
                    }
                    break; // parameters after q are accept-extensions, which change nothing here
                }
            }
            return new MediaRange(type, subtype, quality);
        }

        /** How specifically this range names {@code format}; -1 when it does not match it. */
        int specificityFor(SimpleFormat format) {
            if (type.equals("*")) {
                return WILDCARD;
            }
            if (subtype.equals("*")) {
                return type.equals(format.topLevelType()) ? TYPE_WILDCARD : -1;
            }
            return format.isNamedBy(type, subtype) ? EXACT : -1;
        }

        /** A q-value in thousandths, clamped to 1; -1 when it is not a number. */
        private static int parseQuality(String text) {
            if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
                text = text.substring(1, text.length() - 1);
            }
            if (text.isEmpty() || text.length() > 16) {
                return -1;
            }
            int integer = 0;
            int i = 0;
            boolean digits = false;
            while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                integer = Math.min(integer * 10 + (text.charAt(i) - '0'), 10);
                digits = true;
                i++;
            }
            int thousandths = 0;
            if (i < text.length() && text.charAt(i) == '.') {
                i++;
                int scale = 100;
                while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                    thousandths += (text.charAt(i) - '0') * scale;
                    scale /= 10;
                    digits = true;
                    i++;
                }
            }
            if (!digits || i != text.length()) {
                return -1;
            }
            return integer >= 1 ? 1000 : thousandths;
        }

        private static String[] splitParameters(String element) {
            List<String> parts = new ArrayList<>(3);
            boolean quoted = false;
            int start = 0;
            for (int i = 0; i < element.length(); i++) {
                char c = element.charAt(i);
                if (quoted && c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = !quoted;
                } else if (c == ';' && !quoted) {
                    parts.add(element.substring(start, i));
                    start = i + 1;
                }
            }
            parts.add(element.substring(start));
            return parts.toArray(String[]::new);
        }

        /** An RFC 9110 token: visible ASCII other than separators. */
        private static boolean isToken(String text) {
            if (text.isEmpty()) {
                return false;
            }
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c <= ' ' || c >= 127 || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                    return false;
                }
            }
            return true;
        }
    }
}
