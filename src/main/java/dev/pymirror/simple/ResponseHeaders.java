package dev.pymirror.simple;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The HTTP response headers that belong with a simple-API page: its {@code Content-Type}, the
 * {@code Vary: Accept} that content negotiation requires of caches, and PyPI's
 * {@code X-PyPI-Last-Serial} when the page has a serial.
 */
public final class ResponseHeaders {

    /** The header name for the page's media type. */
    public static final String CONTENT_TYPE = "Content-Type";

    /** The header that tells caches the body depends on the request's {@code Accept}. */
    public static final String VARY = "Vary";

    /** The header PyPI and its mirrors use for the serial of the last change a page reflects. */
    public static final String LAST_SERIAL = "X-PyPI-Last-Serial";

    private ResponseHeaders() {}

    /**
     * The headers for a page served in {@code format}: name to value, in a stable order.
     *
     * @param format the negotiated format
     * @param meta the page's metadata, for its serial
     */
    public static Map<String, String> forPage(SimpleFormat format, PageMeta meta) {
        if (format == null || meta == null) {
            throw new IllegalArgumentException("A format and page metadata are required");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(CONTENT_TYPE, format.contentType());
        headers.put(VARY, ContentNegotiation.VARY);
        meta.lastSerial().ifPresent(serial -> headers.put(LAST_SERIAL, Long.toString(serial)));
        return Collections.unmodifiableMap(headers);
    }
}
