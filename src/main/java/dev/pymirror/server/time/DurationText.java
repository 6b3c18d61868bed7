package dev.pymirror.server.time;

import java.time.Duration;

/** A duration as the configuration writes it ({@code 3d}, {@code 36h}, {@code 90s}), for messages. */
final class DurationText {

    private DurationText() {}

    static String of(Duration d) {
        long s = d.toSeconds();
        if (s == 0 || d.toMillisPart() != 0) {
            return d.toMillis() + "ms";
        }
        if (s % (7 * 86_400) == 0) {
            return s / (7 * 86_400) + "w";
        }
        if (s % 86_400 == 0) {
            return s / 86_400 + "d";
        }
        if (s % 3_600 == 0) {
            return s / 3_600 + "h";
        }
        if (s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }
}
