package dev.pymirror.logging;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The server's own log lines: the configured pattern, or with {@code PYMIRROR_LOG_FORMAT=json} one
 * JSON object a line with {@code time} (ISO-8601, UTC, milliseconds), {@code level},
 * {@code logger}, {@code message} and, when there is one, {@code exception} (its stack trace, which
 * goes to the log only, never to a client). Written here rather than with logback's JsonEncoder,
 * whose field names and epoch-millisecond time differ from the access log's.
 */
public final class LogEncoder extends PatternLayoutEncoder {

    /** ISO-8601 in UTC with milliseconds, the form the access log writes too. */
    public static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final LogFormat format;

    public LogEncoder() {
        this(LogFormat.current());
    }

    LogEncoder(LogFormat format) {
        this.format = format;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        if (format != LogFormat.JSON) {
            return super.encode(event);
        }
        return json(event).getBytes(StandardCharsets.UTF_8);
    }

    /** The event as one JSON object and a newline. */
    static String json(ILoggingEvent event) {
        String message = event.getFormattedMessage();
        StringBuilder line = new StringBuilder(128 + (message == null ? 0 : message.length()));
        line.append("{\"time\":\"").append(TIME.format(Instant.ofEpochMilli(event.getTimeStamp())))
                .append("\",\"level\":");
        JsonText.string(line, event.getLevel().toString()).append(",\"logger\":");
        JsonText.string(line, event.getLoggerName()).append(",\"message\":");
        JsonText.string(line, message);
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            JsonText.string(line.append(",\"exception\":"), ThrowableProxyUtil.asString(thrown));
        }
        return line.append("}\n").toString();
    }
}
