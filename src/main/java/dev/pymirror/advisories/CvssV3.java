package dev.pymirror.advisories;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The base score of a CVSS v3.0/v3.1 vector ({@code CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H}),
 * computed by the specification's formulas (CVSS v3.1, section 7.1). OSV records carry vectors,
 * not scores; v4 vectors are not scored here (their formula is a lookup over macro vectors).
 */
final class CvssV3 {

    private CvssV3() {}

    /** The base score, or empty when {@code vector} is not a complete v3 base vector. */
    static Optional<Double> baseScore(String vector) {
        if (vector == null || !(vector.startsWith("CVSS:3.0/") || vector.startsWith("CVSS:3.1/"))) {
            return Optional.empty();
        }
        Map<String, String> m = new HashMap<>();
        for (String part : vector.substring(9).split("/")) {
            int colon = part.indexOf(':');
            if (colon <= 0) {
                return Optional.empty();
            }
            m.put(part.substring(0, colon), part.substring(colon + 1));
        }
        try {
            boolean changed = switch (m.get("S")) {
                case "U" -> false;
                case "C" -> true;
                case null, default -> throw new IllegalArgumentException();
            };
            double av = pick(m.get("AV"), "N", 0.85, "A", 0.62, "L", 0.55, "P", 0.2);
            double ac = pick(m.get("AC"), "L", 0.77, "H", 0.44);
            double pr = changed ? pick(m.get("PR"), "N", 0.85, "L", 0.68, "H", 0.5)
                    : pick(m.get("PR"), "N", 0.85, "L", 0.62, "H", 0.27);
            double ui = pick(m.get("UI"), "N", 0.85, "R", 0.62);
            double c = pick(m.get("C"), "H", 0.56, "L", 0.22, "N", 0);
            double i = pick(m.get("I"), "H", 0.56, "L", 0.22, "N", 0);
            double a = pick(m.get("A"), "H", 0.56, "L", 0.22, "N", 0);
            double iss = 1 - (1 - c) * (1 - i) * (1 - a);
            double impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
            double exploitability = 8.22 * av * ac * pr * ui;
            if (impact <= 0) {
                return Optional.of(0.0);
            }
            double base = changed ? roundUp(Math.min(1.08 * (impact + exploitability), 10))
                    : roundUp(Math.min(impact + exploitability, 10));
            return Optional.of(base);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static double pick(String value, Object... choices) {
        for (int k = 0; k < choices.length; k += 2) {
            if (choices[k].equals(value)) {
                return ((Number) choices[k + 1]).doubleValue();
            }
        }
        throw new IllegalArgumentException();
    }

    /** The specification's Roundup: the smallest one-decimal number not below {@code x}, free of float noise. */
    private static double roundUp(double x) {
        long scaled = Math.round(x * 100_000);
        return scaled % 10_000 == 0 ? scaled / 100_000.0 : (Math.floor(scaled / 10_000.0) + 1) / 10.0;
    }
}
