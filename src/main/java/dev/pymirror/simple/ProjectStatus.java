package dev.pymirror.simple;

import java.util.Optional;
import java.util.Set;

/**
 * A project's status marker (PEP 792), with the index's optional reason.
 *
 * <p>The standard markers are {@code active} (the default when a page names none),
 * {@code archived}, {@code quarantined} (an index serves no files) and {@code deprecated}. The
 * marker is kept as written, so that a proxy passes on markers defined after this code.
 *
 * @param status the marker, for example {@code "archived"}
 * @param reason free text explaining it, when given
 */
public record ProjectStatus(String status, Optional<String> reason) {

    /** The standard markers of PEP 792. */
    public static final Set<String> STANDARD_MARKERS = Set.of("active", "archived", "quarantined", "deprecated");

    /** The default status. */
    public static final ProjectStatus ACTIVE = new ProjectStatus("active", Optional.empty());

    /** @throws IllegalArgumentException if {@code status} is null or blank */
    public ProjectStatus {
        if (status == null || status.isBlank()) {
            throw new IllegalArgumentException("A project status marker must not be blank");
        }
        reason = reason == null ? Optional.empty() : reason.filter(text -> !text.isEmpty());
    }

    /** A status without a reason. */
    public static ProjectStatus of(String status) {
        return new ProjectStatus(status, Optional.empty());
    }

    /** A status with a reason (none when {@code reason} is null or empty). */
    public static ProjectStatus of(String status, String reason) {
        return new ProjectStatus(status, Optional.ofNullable(reason));
    }

    /** True for the four markers PEP 792 defines. */
    public boolean isStandard() {
        return STANDARD_MARKERS.contains(status);
    }
}
