package dev.pymirror.server.time;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * The moment of an as-of URL ({@code /<index>/+as-of/<moment>/simple/}): an RFC 3339 instant with
 * its offset ({@code 2026-11-01T12:00:00Z}, {@code 2026-11-01T14:00:00.5+02:00}) or a date
 * ({@code 2026-11-01}), which means the start of that day in UTC. Nothing else: a time without an
 * offset would be read in whatever zone the server runs in, and two builds must mean the same moment.
 */
public final class Moment {

    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    /** RFC 3339's date-time: 'T' (or 't'), seconds required, an offset required. */
    private static final Pattern DATE_TIME = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})");

    private Moment() {}

    /**
     * Reads a moment.
     *
     * @throws IllegalArgumentException naming what was wrong and the forms accepted
     */
    public static Instant parse(String text) {
        if (text == null || text.isEmpty()) {
            throw invalid(text == null ? "" : text, "it is empty");
        }
        try {
            if (DATE.matcher(text).matches()) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            if (DATE_TIME.matcher(text).matches()) {
                String upper = text.replace('t', 'T').replace('z', 'Z');
                return OffsetDateTime.parse(upper, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            }
        } catch (DateTimeException e) {
            throw invalid(text, "no such date or time");
        }
        throw invalid(text, "it is neither a date nor a date-time with an offset");
    }

    private static IllegalArgumentException invalid(String text, String why) {
        String shown = text.length() > 64 ? text.substring(0, 64) + "..." : text;
        return new IllegalArgumentException("'" + shown + "' is not a moment (" + why + "): use a date such as"
                + " 2026-11-01 (the start of that day, UTC) or an RFC 3339 date-time such as 2026-11-01T12:00:00Z");
    }
}
