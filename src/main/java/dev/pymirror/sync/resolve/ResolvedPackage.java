package dev.pymirror.sync.resolve;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.packaging.version.Version;
import dev.pymirror.sync.reqfile.HashPins;
import java.util.List;
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
 */
public record ResolvedPackage(ProjectName name, Version version, Candidate candidate, Set<String> extras,
        List<String> requiredBy, boolean dependenciesFollowed, HashPins hashes) {

    public ResolvedPackage {
        extras = Set.copyOf(extras);
        requiredBy = List.copyOf(requiredBy);
    }

    /** {@code name version}. */
    public String release() {
        return name.original() + " " + version;
    }
}
