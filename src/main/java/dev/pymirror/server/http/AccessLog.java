package dev.pymirror.server.http;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.NanoTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request on the logger {@code org.eclipse.jetty.server.RequestLog}:
 *
 * <pre>
 * 127.0.0.1 "GET /simple/acme/ HTTP/1.1" 200 1108 3ms HIT "pip/24.0 {...}"
 * </pre>
 *
 * client, request line, status, bytes sent, time taken, the cache status header ({@code -} when
 * there is none) and the User-Agent. Jetty's configurable request log escaped pip's long
 * User-Agent one character at a time through a generic formatter, on the I/O thread, and cost as
 * much CPU as answering a warm page; this writes the line directly and escapes only when a
 * header holds something that must be escaped.
 */
public final class AccessLog implements RequestLog {

    private static final Logger LOG = LoggerFactory.getLogger("org.eclipse.jetty.server.RequestLog");
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    @Override
    public void log(Request request, Response response) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        LOG.info(line(request, response));
    }

    /** The line for one request. */
    static String line(Request request, Response response) {
        String userAgent = request.getHeaders().get("User-Agent");
        String cache = response.getHeaders().get(IndexRoutes.CACHE_HEADER);
        StringBuilder line = new StringBuilder(96 + (userAgent == null ? 0 : userAgent.length()));
        line.append(Request.getRemoteAddr(request)).append(" \"");
        quoted(line, request.getMethod());
        line.append(' ');
        quoted(line, request.getHttpURI().getPathQuery());
        line.append(' ').append(request.getConnectionMetaData().getProtocol()).append("\" ")
                .append(response.getStatus()).append(' ')
                .append(Response.getContentBytesWritten(response)).append(' ')
                .append(NanoTime.millisSince(request.getBeginNanoTime())).append("ms ")
                .append(cache == null ? "-" : cache).append(" \"");
        quoted(line, userAgent == null ? "-" : userAgent);
        return line.append('"').toString();
    }

    /**
     * Appends {@code text} so that it cannot end the quoted field or the line: quotes and
     * backslashes get a backslash, control and non-ASCII characters become {@code \xHH} (or
     * {@code \}{@code uHHHH}).
     */
    static void quoted(StringBuilder line, String text) {
        if (text == null) {
            line.append('-');
            return;
        }
        // Runs of plain characters are copied whole: pip's User-Agent is a JSON object, full of quotes.
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (plain(c)) {
                continue;
            }
            line.append(text, run, i);
            run = i + 1;
            if (c == '"' || c == '\\') {
                line.append('\\').append(c);
            } else if (c < 0x100) {
                line.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            } else {
                line.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xf]).append(HEX[(c >> 4) & 0xf])
                        .append(HEX[c & 0xf]);
            }
        }
        line.append(text, run, text.length());
    }

    private static boolean plain(char c) {
        return c >= 0x20 && c != 0x7f && c != '"' && c != '\\' && c < 0x80;
    }
}
