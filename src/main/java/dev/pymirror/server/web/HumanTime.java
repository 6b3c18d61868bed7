package dev.pymirror.server.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times and durations as a person reads them, in UTC (the server's logs and /health are UTC too). */
final class HumanTime {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private HumanTime() {}

    static String of(Instant t) {
        return t == null ? "—" : FORMAT.format(t);
    }

    /** The machine-readable form for a {@code <time datetime>}. */
    static String iso(Instant t) {
        return t == null ? null : t.toString();
    }

    static String of(Duration d) {
        long s = d.toSeconds();
        if (s % 86400 == 0) {
            return s / 86400 + " d";
        }
        if (s % 3600 == 0) {
            return s / 3600 + " h";
        }
        if (s % 60 == 0) {
            return s / 60 + " min";
        }
        return s + " s";
    }
}
