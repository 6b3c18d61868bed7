package dev.pymirror.simple;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * PEP 700 upload times: {@code yyyy-mm-ddThh:mm:ss.ffffffZ}, UTC, with zero to six fraction
 * digits. Written in that form; read in it by a hand-written scanner (pages hold thousands), with
 * a fallback for the other ISO 8601 forms foreign servers write.
 */
final class UploadTimes {

    private UploadTimes() {}

    /**
     * Reads an upload time.
     *
     * @throws IllegalArgumentException if {@code text} is not an ISO 8601 date-time
     */
    static Instant parse(String text) {
        Instant fast = parseCanonical(text);
        if (fast != null) {
            return fast;
        }
        String iso = text.trim();
        if (iso.length() > 10 && iso.charAt(10) == ' ') {
            iso = iso.substring(0, 10) + 'T' + iso.substring(11);
        }
        try {
            return OffsetDateTime.parse(iso, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeException withoutOffset) {
            try {
                // No offset at all: the standard says UTC, so take it as UTC.
                return LocalDateTime.parse(iso, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC);
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("An upload time must be an ISO 8601 date-time such as"
                        + " 2024-01-31T12:00:00.123456Z, found '" + text + "'", e);
            }
        }
    }

    /** Writes {@code time} as {@code yyyy-mm-ddThh:mm:ss[.ffffff]Z}, fraction only when non-zero. */
    static String format(Instant time) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(time.getEpochSecond(), 0, ZoneOffset.UTC);
        if (t.getYear() < 0 || t.getYear() > 9999) {
            return DateTimeFormatter.ISO_INSTANT.format(time);
        }
        char[] out = new char[27];
        int n = 0;
        n = digits(out, n, t.getYear(), 4);
        out[n++] = '-';
        n = digits(out, n, t.getMonthValue(), 2);
        out[n++] = '-';
        n = digits(out, n, t.getDayOfMonth(), 2);
        out[n++] = 'T';
        n = digits(out, n, t.getHour(), 2);
        out[n++] = ':';
        n = digits(out, n, t.getMinute(), 2);
        out[n++] = ':';
        n = digits(out, n, t.getSecond(), 2);
        int micros = time.getNano() / 1000;
        if (micros != 0) {
            out[n++] = '.';
            n = digits(out, n, micros, 6);
        }
        out[n++] = 'Z';
        return new String(out, 0, n);
    }

    private static int digits(char[] out, int at, int value, int width) {
        for (int i = width - 1; i >= 0; i--) {
            out[at + i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }

    /** The canonical form only; null for anything else, which the slow path then reads or rejects. */
    private static Instant parseCanonical(String s) {
        int length = s.length();
        if (length < 20 || length > 30 || s.charAt(length - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-'
                || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        int year = number(s, 0, 4);
        int month = number(s, 5, 7);
        int day = number(s, 8, 10);
        int hour = number(s, 11, 13);
        int minute = number(s, 14, 16);
        int second = number(s, 17, 19);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        int nanos = 0;
        if (length > 20) {
            int fractionDigits = length - 21;
            if (s.charAt(19) != '.' || fractionDigits < 1 || fractionDigits > 9) {
                return null;
            }
            int fraction = number(s, 20, length - 1);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction;
            for (int i = fractionDigits; i < 9; i++) {
                nanos *= 10;
            }
        } else if (s.charAt(19) != 'Z') {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null; // 2024-02-30 and the like: let the slow path word the error
        }
    }

    /** The decimal number in {@code s[from, to)}, or -1 when it holds anything but digits. */
    private static int number(String s, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
