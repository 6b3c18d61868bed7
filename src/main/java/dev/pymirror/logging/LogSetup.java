package dev.pymirror.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.io.PrintStream;

/**
 * The logging configuration, set up in code when logback starts (found through
 * {@code META-INF/services}): one line per event on stderr, in {@link LogEncoder}'s pattern or JSON.
 *
 * <ul>
 *   <li>{@code PYMIRROR_LOG_LEVEL} (default INFO): the level of the server's own events;
 *   <li>{@code PYMIRROR_ACCESS_LOG} (default INFO): the access log's, the logger
 *       {@code org.eclipse.jetty.server.RequestLog}; OFF when a proxy in front logs already;
 *   <li>Jetty's own events from WARN up.
 * </ul>
 * Each is read as a system property first, then from the environment. A configuration file named
 * by {@code -Dlogback.configurationFile} replaces all of this.
 *
 * <p>In code rather than in a logback.xml because reading the XML cost every start about 20 ms and
 * 400 classes of logback's configuration reader (JFR; with LoginThrottle's BigDecimal gone too, /health 0.47 to
 * 0.41 s: BENCHMARKS.md).
 */
public final class LogSetup extends ContextAwareBase implements Configurator {

    static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level %logger{0}: %msg%n";
    static final String ACCESS_LOGGER = "org.eclipse.jetty.server.RequestLog";

    /** Where a setting that names no level is said: logback's own status list would come with its console nag. */
    private final PrintStream complaints;

    public LogSetup() {
        this(System.err);
    }

    LogSetup(PrintStream complaints) {
        this.complaints = complaints;
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        LogEncoder encoder = new LogEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(level("PYMIRROR_LOG_LEVEL"));
        root.addAppender(stderr);
        context.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
        context.getLogger(ACCESS_LOGGER).setLevel(level("PYMIRROR_ACCESS_LOG"));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** The level a setting names (any case), INFO when unset; a name logback does not know is said on stderr, and INFO stands. */
    Level level(String setting) {
        String value = System.getProperty(setting);
        if (value == null) {
            value = System.getenv(setting);
        }
        if (value == null || value.isBlank()) {
            return Level.INFO;
        }
        Level level = Level.toLevel(value.trim(), null);
        if (level == null) {
            complaints.println("pymirror: " + setting + "=" + value
                    + " is not a log level (TRACE, DEBUG, INFO, WARN, ERROR or OFF): INFO is used");
            return Level.INFO;
        }
        return level;
    }
}
