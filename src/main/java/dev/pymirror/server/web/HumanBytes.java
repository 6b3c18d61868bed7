package dev.pymirror.server.web;

import java.util.Locale;

/** A byte count as a person reads it: {@code 1.4 MB} (decimal units, as the configuration's sizes). */
final class HumanBytes {

    private HumanBytes() {}

    static String of(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB", "PB"};
        double v = bytes;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
    }
}
