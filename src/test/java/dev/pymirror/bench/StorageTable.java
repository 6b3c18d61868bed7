package dev.pymirror.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The arithmetic of {@link StorageBench}: per case, what each server measured in each round
 * (requests/s, milliseconds, seconds: one unit per table); the medians, and each server's median
 * over nginx's and over pymirror on its data directory's. Kept apart so that it is tested on given
 * numbers, never on timings. A server not measured in a case shows as a dash.
 */
final class StorageTable {

    static final String NGINX = "nginx";
    static final String DISK = "disk";
    static final String S3_WARM = "s3-warm";
    static final String S3_COLD = "s3-cold";
    static final List<String> SERVERS = List.of(NGINX, DISK, S3_WARM, S3_COLD);

    /** case -> server -> one value per round, in the order measured. */
    private final Map<String, Map<String, List<Double>>> values = new LinkedHashMap<>();

    void add(String caseName, String server, double value) {
        if (!SERVERS.contains(server)) {
            throw new IllegalArgumentException("no such server: " + server);
        }
        values.computeIfAbsent(caseName, c -> new LinkedHashMap<>())
                .computeIfAbsent(server, s -> new ArrayList<>()).add(value);
    }

    /** The cases in the order first measured. */
    List<String> cases() {
        return List.copyOf(values.keySet());
    }

    /** The values of one server in one case, in the order measured (empty when not measured). */
    List<Double> values(String caseName, String server) {
        return values.getOrDefault(caseName, Map.of()).getOrDefault(server, List.of());
    }

    /** The median of a server's values in a case; NaN when it was not measured. */
    double median(String caseName, String server) {
        List<Double> v = values(caseName, server);
        return v.isEmpty() ? Double.NaN : ServerAddedTime.median(v);
    }

    /** {@code server}'s median over {@code base}'s: 0.5 is half nginx's requests/s, or half its time. */
    double ratio(String caseName, String server, String base) {
        return median(caseName, server) / median(caseName, base);
    }

    /** The header and separator of {@link #row}'s table; {@code unit} names what the values are. */
    static String header(String unit) {
        return "| case | nginx " + unit + " | (a) disk | (b) S3, warm | (c) S3, cold"
                + " | (a)/nginx | (b)/nginx | (c)/nginx | **(b)/(a)** | **(c)/(a)** |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|";
    }

    /** A Markdown row: the four medians (in {@code format}), then the ratios to nginx and to (a). */
    String row(String caseName, String label, String format) {
        StringBuilder b = new StringBuilder("| ").append(label);
        for (String s : SERVERS) {
            b.append(" | ").append(number(format, median(caseName, s)));
        }
        for (String s : List.of(DISK, S3_WARM, S3_COLD)) {
            b.append(" | ").append(number("%.2f", ratio(caseName, s, NGINX)));
        }
        for (String s : List.of(S3_WARM, S3_COLD)) {
            b.append(" | **").append(number("%.2f", ratio(caseName, s, DISK))).append("**");
        }
        return b.append(" |").toString();
    }

    /** Every round's values of a case, per server ("12 / 14 / 13"), for the table of rounds. */
    String rounds(String caseName, String format) {
        StringBuilder b = new StringBuilder("| ").append(caseName);
        for (String s : SERVERS) {
            List<String> each = values(caseName, s).stream().map(v -> number(format, v)).toList();
            b.append(" | ").append(each.isEmpty() ? "—" : String.join(" / ", each));
        }
        return b.append(" |").toString();
    }

    private static String number(String format, double value) {
        return Double.isNaN(value) ? "—" : String.format(Locale.ROOT, format, value);
    }
}
