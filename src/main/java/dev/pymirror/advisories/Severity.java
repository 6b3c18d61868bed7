package dev.pymirror.advisories;

import java.util.Locale;
import java.util.Optional;

/** How bad a vulnerability is, in the four bands CVSS and GitHub's advisories share. */
public enum Severity {
    LOW, MEDIUM, HIGH, CRITICAL;

    /**
     * A severity word as configurations and advisory databases write it, in any case: {@code low},
     * {@code medium} (GitHub's {@code moderate}), {@code high}, {@code critical}.
     */
    public static Optional<Severity> parse(String word) {
        if (word == null) {
            return Optional.empty();
        }
        return switch (word.strip().toLowerCase(Locale.ROOT)) {
            case "low" -> Optional.of(LOW);
            case "medium", "moderate" -> Optional.of(MEDIUM);
            case "high" -> Optional.of(HIGH);
            case "critical" -> Optional.of(CRITICAL);
            default -> Optional.empty();
        };
    }

    /** The band of a CVSS base score (CVSS v3.1 specification, table 14); none for 0.0. */
    public static Optional<Severity> ofScore(double score) {
        if (score >= 9.0) {
            return Optional.of(CRITICAL);
        }
        if (score >= 7.0) {
            return Optional.of(HIGH);
        }
        if (score >= 4.0) {
            return Optional.of(MEDIUM);
        }
        return score > 0 ? Optional.of(LOW) : Optional.empty();
    }

    /** The word for configurations and output. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
