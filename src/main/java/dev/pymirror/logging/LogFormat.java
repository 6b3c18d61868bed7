package dev.pymirror.logging;

import java.util.Locale;

/**
 * How log lines are written: {@link #TEXT} for people and the journal, {@link #JSON} (one object a
 * line) for Loki, ELK and the like. Chosen with {@code PYMIRROR_LOG_FORMAT}, an environment variable
 * and not a configuration key: logging starts before any configuration file is read, and the
 * server's first lines (and a configuration error) must already be in the chosen form.
 */
public enum LogFormat {
    TEXT,
    JSON;

    /** The environment variable that chooses the format. */
    public static final String VARIABLE = "PYMIRROR_LOG_FORMAT";

    private static final LogFormat CURRENT = orText(parse(System.getenv(VARIABLE)));

    /** The format the environment chose; {@link #TEXT} when it chose none or one there is not. */
    public static LogFormat current() {
        return CURRENT;
    }

    /** {@code text} or {@code json}, in any case; unset or blank is {@link #TEXT}; null for anything else. */
    static LogFormat parse(String value) {
        if (value == null || value.isBlank()) {
            return TEXT;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "text" -> TEXT;
            case "json" -> JSON;
            default -> null;
        };
    }

    private static LogFormat orText(LogFormat format) {
        return format == null ? TEXT : format;
    }

    /** What is wrong with the environment's choice, or null when nothing is. */
    public static String problem() {
        return problem(System.getenv(VARIABLE));
    }

    static String problem(String value) {
        return parse(value) != null ? null : VARIABLE + "=" + value + " is neither 'text' nor 'json'; writing text";
    }
}
