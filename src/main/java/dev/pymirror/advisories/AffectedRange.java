package dev.pymirror.advisories;

import dev.pymirror.packaging.version.Version;

/**
 * One interval of affected versions, made from an OSV {@code ECOSYSTEM} range's events: from
 * {@code introduced} (null: every version from the first) up to {@code fixed} (exclusive) or
 * {@code lastAffected} (inclusive), or open above when neither is given. Pre-releases sit where
 * PEP 440 orders them: {@code 2.0rc1} is below a fix in {@code 2.0}.
 */
public record AffectedRange(Version introduced, Version fixed, Version lastAffected) {

    public AffectedRange {
        if (fixed != null && lastAffected != null) {
            throw new IllegalArgumentException("a range ends at a fix or at a last affected version, not both");
        }
    }

    /** True when {@code version} lies in this interval. */
    public boolean contains(Version version) {
        if (introduced != null && version.compareTo(introduced) < 0) {
            return false;
        }
        if (fixed != null) {
            return version.compareTo(fixed) < 0;
        }
        return lastAffected == null || version.compareTo(lastAffected) <= 0;
    }
}
