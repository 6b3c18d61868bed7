package dev.pymirror.sync.resolve;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.packaging.version.Version;
import dev.pymirror.sync.reqfile.HashPins;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One release chosen for a target, the file that installs it there, and why.
 *
 * @param name the project
 * @param version the chosen version
 * @param candidate the chosen file
 * @param extras the extras installed, normalized
 * @param requiredBy who asks for it: {@code requirements.txt:3}, {@code celery 5.6.3 [sqs]}
 * @param dependenciesFollowed false for an sdist whose PKG-INFO cannot be trusted to list its
 *     dependencies: whatever it needs is not in the mirror unless something else asked for it
 * @param hashes the {@code --hash} pins the downloaded file must match
 * @param requiresPython the {@code Requires-Python} of the file's metadata as read to resolve it,
 *     empty when it has none: the mirror's page states it even when the upstream's page did not
 */
public record ResolvedPackage(ProjectName name, Version version, Candidate candidate, Set<String> extras,
        List<String> requiredBy, boolean dependenciesFollowed, HashPins hashes, Optional<String> requiresPython) {

    public ResolvedPackage {
        extras = Set.copyOf(extras);
        requiredBy = List.copyOf(requiredBy);
        requiresPython = requiresPython == null ? Optional.empty() : requiresPython;
    }

    /** {@code name version}. */
    public String release() {
        return name.original() + " " + version;
    }
}
