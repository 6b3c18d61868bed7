package dev.pymirror.sync.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.pymirror.upstream.RedactedUrl;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The record a tree keeps of itself, at {@code .pymirror/manifest.json}: per target what was
 * resolved and why, and per file its hash and which targets need it. It is what makes a second
 * sync incremental (files already present and matching are not fetched again) and what
 * {@code pymirror verify} checks the files against.
 *
 * @param format the manifest format, {@value #FORMAT}
 * @param updated when the tree was last written (RFC 3339)
 * @param upstream the index of the last sync, or null
 * @param requirements the requirements of the last sync, as {@code origin: requirement}
 * @param targets what was resolved, by target name
 * @param files every distribution file, by its path in the tree ({@code <project>/<filename>})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(
        int format,
        String updated,
        String upstream,
        List<String> requirements,
        Map<String, TargetRecord> targets,
        Map<String, FileRecord> files) {

    /** The format this code writes and reads. */
    public static final int FORMAT = 1;

    /**
     * URLs are kept without their credentials (user:password@, token query values): a tree is
     * copied and served to people who must not get the upstream's password, and nothing reads a URL
     * back from here to fetch with (a sync is given its upstream each time).
     */
    public Manifest {
        upstream = upstream == null ? null : RedactedUrl.of(upstream);
        requirements = requirements == null ? List.of() : requirements.stream().map(RedactedUrl::of).toList();
        targets = targets == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(targets));
        files = files == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(files));
    }

    /** The manifest of a tree nothing was written to yet. */
    public static Manifest empty() {
        return new Manifest(FORMAT, null, null, List.of(), Map.of(), Map.of());
    }
}
