package dev.pymirror.advisories;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One OSV record, as far as PyPI projects go.
 *
 * @param id the record's id ({@code PYSEC-...}, {@code GHSA-...}, {@code MAL-...})
 * @param modified when the record last changed: a newer one replaces it at import
 * @param aliases the same advisory's ids elsewhere
 * @param severity how bad, when the record says (see {@link OsvReader} for how it is read)
 * @param affected the PyPI projects it names
 */
public record Advisory(String id, Instant modified, List<String> aliases, Optional<Severity> severity,
        List<AffectedPackage> affected) {

    /** OSV's prefix for reports of malicious packages (the OpenSSF malicious-packages database). */
    public static final String MALWARE_PREFIX = "MAL-";

    public Advisory {
        aliases = List.copyOf(aliases);
        affected = List.copyOf(affected);
    }

    /** True for a withdrawn record: it names nothing, and is dropped once it has replaced an older copy. */
    public boolean withdrawn() {
        return affected.isEmpty();
    }

    /** True for a report of malicious code: every version it names is the attack. */
    public boolean malware() {
        return id.startsWith(MALWARE_PREFIX);
    }
}
