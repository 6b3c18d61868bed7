package dev.pymirror.server.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import dev.pymirror.logging.JsonText;
import dev.pymirror.logging.LogEncoder;
import dev.pymirror.logging.LogFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.NanoTime;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request, in the same form as the other log lines:
 *
 * <pre>
 * 2026-11-22 05:07:11.176 INFO  RequestLog: 127.0.0.1 "GET /simple/acme/ HTTP/1.1" 200 1108 3ms HIT "pip/24.0 {...}"
 * </pre>
 *
 * client, request line, status, bytes sent, time taken, the cache status header ({@code -} when
 * there is none) and the User-Agent. With {@code PYMIRROR_LOG_FORMAT=json} (see {@link LogFormat}) a
 * line is one JSON object instead, with the fields of the server's own JSON lines ({@code time} in
 * UTC, {@code level}, {@code logger}, {@code message}) and {@code client}, {@code method},
 * {@code path}, {@code protocol}, {@code status}, {@code bytes}, {@code duration_ms}, {@code cache},
 * {@code user_agent} and {@code index} (null where there is none).
 *
 * <p>Why not a logger call per request: writing each line with its own system call cost a quarter
 * of the CPU of a warm page request (measured with the log on and off, BENCHMARKS.md). The I/O
 * thread only formats the line and appends it to a buffer; a writer thread writes what has gathered
 * in one call, at least every {@link #FLUSH_INTERVAL}, so a line shows within a fraction of a second.
 * Lines are written when the logger {@code org.eclipse.jetty.server.RequestLog} is enabled for
 * INFO. If the output cannot take them (a pipe nobody reads) and more than {@link #MAX_PENDING_CHARS}
 * gather, further lines are counted instead of kept, and the count is written when the output
 * moves again: serving never waits for the log.
 */
public final class AccessLog extends AbstractLifeCycle implements RequestLog {

    static final String LOGGER = "org.eclipse.jetty.server.RequestLog";
    static final Duration FLUSH_INTERVAL = Duration.ofMillis(200);
    static final int MAX_PENDING_CHARS = 16 << 20;

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    /**
     * User-Agents as written, remembered: every request of one pip run sends the same 300 characters,
     * and looking them up costs a fraction of escaping them again. Bounded against a client that
     * sends a new one every time; past the bound a User-Agent is escaped afresh.
     */
    private static final Map<String, String> ESCAPED_AGENTS = new ConcurrentHashMap<>();
    private static final Map<String, String> JSON_AGENTS = new ConcurrentHashMap<>();
    private static final int MAX_ESCAPED_AGENTS = 256;
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter UTC_SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    /** The request attribute the router sets to the name of the index a request went to. */
    static final String INDEX_ATTRIBUTE = "dev.pymirror.index";

    private final OutputStream out;
    private final LogFormat format;
    private final DateTimeFormatter secondFormat;
    private final Object lock = new Object();
    private StringBuilder pending = new StringBuilder(64 * 1024);
    private long dropped;
    private long stampedSecond = Long.MIN_VALUE;
    private String secondText = "";
    private Thread writer;

    /** Writes to standard error, as the other log lines, in the format the environment chose. */
    public AccessLog() {
        this(System.err, LogFormat.current());
    }

    AccessLog(OutputStream out) {
        this(out, LogFormat.TEXT);
    }

    AccessLog(OutputStream out, LogFormat format) {
        this.out = out;
        this.format = format;
        this.secondFormat = format == LogFormat.JSON ? UTC_SECOND : SECOND;
    }

    @Override
    protected void doStart() {
        writer = Thread.ofPlatform().daemon().name("access-log").start(this::writeLoop);
    }

    /** Writes what is pending and stops the writer. */
    @Override
    protected void doStop() throws InterruptedException {
        Thread w = writer;
        if (w != null) {
            w.interrupt();
            w.join(5_000);
        }
        writeOut();
    }

    @Override
    public void log(Request request, Response response) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        append(format == LogFormat.JSON ? jsonLine(request, response) : line(request, response),
                System.currentTimeMillis());
    }

    /**
     * Adds one line, stamped {@code millis}, to what the writer writes next: a JSON line is what
     * {@link #jsonLine} made, less the time it starts with.
     */
    void append(String line, long millis) {
        synchronized (lock) {
            if (pending.length() > MAX_PENDING_CHARS) {
                dropped++;
                return;
            }
            if (format == LogFormat.JSON) {
                stamp(pending.append("{\"time\":\""), millis).append("Z\",").append(line).append('\n');
            } else {
                stamp(pending, millis).append(" INFO  RequestLog: ").append(line).append('\n');
            }
        }
        Thread w = writer;
        if (w == null || !w.isAlive()) {
            writeOut(); // a request that finished while the server stopped
        }
    }

    /**
     * Appends {@code yyyy-MM-dd HH:mm:ss.SSS} (local time), or for JSON {@code yyyy-MM-ddTHH:mm:ss.SSS}
     * (UTC, the caller adds the Z), formatting the date once a second.
     */
    private StringBuilder stamp(StringBuilder to, long millis) {
        long second = Math.floorDiv(millis, 1000);
        if (second != stampedSecond) {
            stampedSecond = second;
            secondText = secondFormat.format(Instant.ofEpochSecond(second));
        }
        int ms = (int) Math.floorMod(millis, 1000);
        return to.append(secondText).append('.').append((char) ('0' + ms / 100)).append((char) ('0' + ms / 10 % 10))
                .append((char) ('0' + ms % 10));
    }

    private void writeLoop() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(FLUSH_INTERVAL);
            } catch (InterruptedException e) {
                return; // doStop writes the rest
            }
            writeOut();
        }
    }

    /** Writes what has gathered, in one call. */
    private void writeOut() {
        StringBuilder batch;
        long lost;
        synchronized (lock) {
            if (pending.isEmpty() && dropped == 0) {
                return;
            }
            batch = pending;
            lost = dropped;
            pending = new StringBuilder(Math.max(64 * 1024, batch.length()));
            dropped = 0;
        }
        if (lost > 0) {
            String note = "access log: " + lost + " lines left out: the log output was not being read";
            if (format == LogFormat.JSON) {
                batch.append("{\"time\":\"").append(LogEncoder.TIME.format(Instant.now()))
                        .append("\",\"level\":\"WARN\",\"logger\":\"").append(LOGGER).append("\",\"message\":\"")
                        .append(note).append("\"}\n");
            } else {
                batch.append(note).append('\n');
            }
        }
        try {
            out.write(batch.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            // Standard error is gone: nothing to tell, and serving goes on.
        }
    }

    /** The line for one request, without the time stamp. */
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
        if (userAgent == null) {
            line.append('-');
        } else {
            String escaped = ESCAPED_AGENTS.get(userAgent);
            if (escaped == null) {
                StringBuilder b = new StringBuilder(userAgent.length() + 16);
                quoted(b, userAgent);
                escaped = b.toString();
                if (ESCAPED_AGENTS.size() < MAX_ESCAPED_AGENTS) {
                    ESCAPED_AGENTS.put(userAgent, escaped);
                }
            }
            line.append(escaped);
        }
        return line.append('"').toString();
    }

    /**
     * The JSON line for one request, less its start ({@code {"time":"...",}), which the writer's
     * side adds under its lock as the text line's time stamp. Escaped once, the method and path go
     * both into the message and into their own fields.
     */
    static String jsonLine(Request request, Response response) {
        String userAgent = request.getHeaders().get("User-Agent");
        String cache = response.getHeaders().get(IndexRoutes.CACHE_HEADER);
        Object index = request.getAttribute(INDEX_ATTRIBUTE);
        int status = response.getStatus();
        // A request Jetty could not parse may have neither: JSON null then, as "-" in the text line.
        String method = JsonText.string(new StringBuilder(10), request.getMethod()).toString();
        String path = JsonText.string(new StringBuilder(64), request.getHttpURI().getPathQuery()).toString();
        StringBuilder line = new StringBuilder(320 + 2 * path.length() + (userAgent == null ? 0 : userAgent.length()));
        line.append("\"level\":\"INFO\",\"logger\":\"").append(LOGGER).append("\",\"message\":\"");
        // The message is the method, path and status in one string: the escaped forms less their quotes.
        unquoted(line, method).append(' ');
        unquoted(line, path).append(' ').append(status).append("\",\"client\":");
        JsonText.string(line, Request.getRemoteAddr(request));
        line.append(",\"method\":").append(method).append(",\"path\":").append(path).append(",\"protocol\":");
        JsonText.string(line, request.getConnectionMetaData().getProtocol());
        line.append(",\"status\":").append(status)
                .append(",\"bytes\":").append(Response.getContentBytesWritten(response))
                .append(",\"duration_ms\":").append(NanoTime.millisSince(request.getBeginNanoTime()))
                .append(",\"cache\":");
        JsonText.string(line, cache).append(",\"user_agent\":");
        if (userAgent == null) {
            line.append("null");
        } else {
            String escaped = JSON_AGENTS.get(userAgent);
            if (escaped == null) {
                escaped = JsonText.string(new StringBuilder(userAgent.length() + 16), userAgent).toString();
                if (JSON_AGENTS.size() < MAX_ESCAPED_AGENTS) {
                    JSON_AGENTS.put(userAgent, escaped);
                }
            }
            line.append(escaped);
        }
        line.append(",\"index\":");
        return JsonText.string(line, index instanceof String name ? name : null).append('}').toString();
    }

    /** Appends a JSON string's contents without its quotes, or {@code null} as it is. */
    private static StringBuilder unquoted(StringBuilder line, String json) {
        return json.startsWith("\"") ? line.append(json, 1, json.length() - 1) : line.append(json);
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
