package dev.pymirror.advisories;

import dev.pymirror.packaging.version.Version;
import java.util.List;
import java.util.Set;

/**
 * What one advisory says of one PyPI project: the versions in its ranges and those it lists.
 *
 * @param name the project's PEP 503 normalized name
 * @param ranges intervals from the record's {@code ECOSYSTEM} ranges
 * @param versions the record's explicit {@code versions} list (those that are PEP 440 versions)
 * @param everyVersion the record names the project but no range or version: every version is
 *     affected (OSV's malware records may say so)
 */
public record AffectedPackage(String name, List<AffectedRange> ranges, Set<Version> versions, boolean everyVersion) {

    public AffectedPackage {
        ranges = List.copyOf(ranges);
        versions = Set.copyOf(versions);
    }

    /** True when {@code version} of this project is affected. */
    public boolean affects(Version version) {
        if (everyVersion || versions.contains(version)) {
            return true;
        }
        for (AffectedRange r : ranges) {
            if (r.contains(version)) {
                return true;
            }
        }
        return false;
    }
}
