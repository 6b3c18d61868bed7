package dev.pymirror.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The arithmetic of {@link PipRunBench}: the same pip command timed against a yardstick server
 * (nginx serving the tree) and against pymirror, several times each; the server-added time is the
 * difference of the medians, and the ratio their quotient. Kept apart so that it is tested on
 * given numbers, never on timings.
 *
 * @param yardstick seconds of each run against the yardstick
 * @param server seconds of each run against the server measured
 */
public record ServerAddedTime(List<Double> yardstick, List<Double> server) {

    public ServerAddedTime {
        if (yardstick.isEmpty() || server.isEmpty()) {
            throw new IllegalArgumentException("no runs to compare");
        }
        yardstick = List.copyOf(yardstick);
        server = List.copyOf(server);
    }

    /** The median of the yardstick's runs, in seconds. */
    public double yardstickMedian() {
        return median(yardstick);
    }

    /** The median of the server's runs, in seconds. */
    public double serverMedian() {
        return median(server);
    }

    /** What the server adds to the client's own time: the server's median minus the yardstick's (may be negative). */
    public double added() {
        return serverMedian() - yardstickMedian();
    }

    /** The server's median over the yardstick's: 1.15 is 15 % slower. */
    public double ratio() {
        return serverMedian() / yardstickMedian();
    }

    /** A Markdown table row: name, the two medians, the added time and the ratio, then every run. */
    public String row(String name) {
        return String.format(Locale.ROOT, "| %s | %.2f s | %.2f s | **%+.2f s** | **%.2fx** | %s | %s |", name,
                yardstickMedian(), serverMedian(), added(), ratio(), runs(yardstick), runs(server));
    }

    /** The middle value, or the mean of the two middle ones for an even count. */
    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Each value with two decimals, in order, separated by spaces. */
    static String runs(List<Double> values) {
        StringBuilder b = new StringBuilder();
        for (double v : values) {
            b.append(b.isEmpty() ? "" : " ").append(String.format(Locale.ROOT, "%.2f", v));
        }
        return b.toString();
    }
}
