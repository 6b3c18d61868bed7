package dev.pymirror.simple;

import java.util.Locale;
import java.util.Optional;

/**
 * The three media types of the simple repository API (PEP 691): one JSON serialization and two
 * names for the same HTML one.
 *
 * <p>{@link #mediaType()} is the bare type used in {@code Accept} headers and the {@code format}
 * query parameter; {@link #contentType()} is the {@code Content-Type} a server answers with. The
 * {@code latest} aliases ({@code application/vnd.pypi.simple.latest+json}) are accepted on input
 * and always answered with the concrete {@code v1} type, as PEP 691 requires.
 */
public enum SimpleFormat {

    /** PEP 691 JSON, {@code application/vnd.pypi.simple.v1+json}. */
    JSON_V1("application/vnd.pypi.simple.v1+json", "application/vnd.pypi.simple.v1+json"),

    /** PEP 503 HTML under its versioned name, {@code application/vnd.pypi.simple.v1+html}. */
    HTML_V1("application/vnd.pypi.simple.v1+html", "application/vnd.pypi.simple.v1+html; charset=utf-8"),

    /** PEP 503 HTML as {@code text/html}: what clients from before PEP 691 ask for. */
    HTML_LEGACY("text/html", "text/html; charset=utf-8");

    private static final String LATEST_JSON = "application/vnd.pypi.simple.latest+json";
    private static final String LATEST_HTML = "application/vnd.pypi.simple.latest+html";

    private final String mediaType;
    private final String contentType;

    SimpleFormat(String mediaType, String contentType) {
        this.mediaType = mediaType;
        this.contentType = contentType;
    }

    /** The bare media type, for example {@code application/vnd.pypi.simple.v1+json}. */
    public String mediaType() {
        return mediaType;
    }

    /**
     * The {@code Content-Type} header value for a response in this format; the HTML ones declare
     * UTF-8, which is what {@link HtmlCodec} writes. The essence (before {@code ;}) is exactly
     * {@link #mediaType()}, lower case, as clients compare it verbatim.
     */
    public String contentType() {
        return contentType;
    }

    /** True for the JSON serialization. */
    public boolean isJson() {
        return this == JSON_V1;
    }

    /** True for either name of the HTML serialization. */
    public boolean isHtml() {
        return this != JSON_V1;
    }

    /** The codec that reads and writes bodies of this format. */
    public PageCodec codec() {
        return isJson() ? JsonCodec.INSTANCE : HtmlCodec.INSTANCE;
    }

    /**
     * The format a media type or {@code Content-Type} header names, ignoring parameters, case and
     * surrounding space; the {@code latest} aliases name the {@code v1} formats. Empty for any
     * other type, and for null or garbage.
     *
     * <p>Clients use it on a response's {@code Content-Type} to pick the codec; servers on the
     * {@code format} query parameter of PEP 691.
     */
    public static Optional<SimpleFormat> fromMediaType(String mediaTypeOrContentType) {
        if (mediaTypeOrContentType == null) {
            return Optional.empty();
        }
        int semicolon = mediaTypeOrContentType.indexOf(';');
        String essence = (semicolon < 0 ? mediaTypeOrContentType : mediaTypeOrContentType.substring(0, semicolon))
                .trim().toLowerCase(Locale.ROOT);
        return switch (essence) {
            case "application/vnd.pypi.simple.v1+json", LATEST_JSON -> Optional.of(JSON_V1);
            case "application/vnd.pypi.simple.v1+html", LATEST_HTML -> Optional.of(HTML_V1);
            case "text/html" -> Optional.of(HTML_LEGACY);
            default -> Optional.empty();
        };
    }

    /** True when {@code type/subtype} (lower case) names this format exactly, aliases included. */
    boolean isNamedBy(String type, String subtype) {
        return switch (this) {
            case JSON_V1 -> type.equals("application")
                    && (subtype.equals("vnd.pypi.simple.v1+json") || subtype.equals("vnd.pypi.simple.latest+json"));
            case HTML_V1 -> type.equals("application")
                    && (subtype.equals("vnd.pypi.simple.v1+html") || subtype.equals("vnd.pypi.simple.latest+html"));
            case HTML_LEGACY -> type.equals("text") && subtype.equals("html");
        };
    }

    /** The top-level type: {@code application} or {@code text}. */
    String topLevelType() {
        return this == HTML_LEGACY ? "text" : "application";
    }
}
