package dev.pymirror.sync.progress;

import java.time.Duration;
import java.util.Locale;

/** Sizes, rates and durations in the short forms progress lines and summaries use. */
public final class ByteSizes {

    private ByteSizes() {}

    /** {@code 512 B}, {@code 1.5 kB}, {@code 45.3 MB}, {@code 1.02 GB} (powers of 1000, as network tools count). */
    public static String format(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, value >= 100 ? "%.0f %s" : value >= 10 ? "%.1f %s" : "%.2f %s", value, units[unit]);
    }

    /** {@code 0.8s}, {@code 12.3s}, {@code 2m05s}, {@code 1h02m}. */
    public static String format(Duration d) {
        long millis = Math.max(0, d.toMillis());
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        long seconds = millis / 1000;
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
    }
}
