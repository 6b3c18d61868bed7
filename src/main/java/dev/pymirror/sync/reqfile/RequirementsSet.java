package dev.pymirror.sync.reqfile;

import java.util.List;
import java.util.Optional;

/**
 * Everything read from requirements files, constraints files and command-line specs, includes
 * followed, in the order written.
 *
 * @param requirements what must be installed
 * @param constraints what limits versions when something else asks for a project ({@code -c})
 * @param indexUrl the {@code --index-url} the files name, if any (two different ones are an error)
 * @param allowPrereleases whether a file said {@code --pre}
 * @param requireHashes whether a file said {@code --require-hashes} or pinned a hash: pip then
 *     installs only pinned, hashed requirements
 * @param notes options that were read and have no effect on a mirror, one sentence each
 */
public record RequirementsSet(
        List<RequirementEntry> requirements,
        List<RequirementEntry> constraints,
        Optional<IndexUrl> indexUrl,
        boolean allowPrereleases,
        boolean requireHashes,
        List<String> notes) {

    public RequirementsSet {
        requirements = List.copyOf(requirements);
        constraints = List.copyOf(constraints);
        notes = List.copyOf(notes);
    }
}
