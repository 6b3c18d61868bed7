package dev.pymirror.server.http;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * RFC 9110 (14.2): a Range header the server cannot parse is ignored, and the whole file sent.
 * Jetty answers 416 to any it cannot use, so a request whose Range is not well-formed byte ranges
 * reaches it without one. Well-formed ranges outside the file are still 416, as they should be.
 */
final class RangeHeader {

    private RangeHeader() {}

    /** {@code request}, or a view of it without its Range header when that is malformed. */
    static Request usable(Request request) {
        HttpFields headers = request.getHeaders();
        if (!headers.contains(HttpHeader.RANGE)) {
            return request;
        }
        var values = headers.getValuesList(HttpHeader.RANGE);
        if (values.size() == 1 && isWellFormed(values.get(0))) {
            return request;
        }
        HttpFields without = HttpFields.build(headers).remove(HttpHeader.RANGE).asImmutable();
        return new Request.Wrapper(request) {
            @Override
            public HttpFields getHeaders() {
                return without;
            }
        };
    }

    /** {@code bytes=} then one or more {@code first-[last]} or {@code -suffix}, separated by commas. */
    static boolean isWellFormed(String value) {
        String v = value.strip();
        if (v.length() < 6 || !v.regionMatches(true, 0, "bytes=", 0, 6)) {
            return false;
        }
        String[] specs = v.substring(6).split(",", -1);
        for (String spec : specs) {
            String s = spec.strip();
            int dash = s.indexOf('-');
            if (dash < 0 || dash != s.lastIndexOf('-')) {
                return false;
            }
            String first = s.substring(0, dash);
            String last = s.substring(dash + 1);
            if (first.isEmpty() ? !isDigits(last) : !isDigits(first) || !(last.isEmpty() || isDigits(last))) {
                return false;
            }
            if (!first.isEmpty() && !last.isEmpty() && compare(first, last) > 0) {
                return false; // last before first: invalid, so ignored
            }
        }
        return true;
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** Compares two digit strings as numbers of any size. */
    private static int compare(String a, String b) {
        String x = a.replaceFirst("^0+(?=.)", "");
        String y = b.replaceFirst("^0+(?=.)", "");
        return x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
    }
}
