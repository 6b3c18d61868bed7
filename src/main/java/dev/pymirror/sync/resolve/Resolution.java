package dev.pymirror.sync.resolve;

import dev.pymirror.packaging.ProjectName;
import java.util.List;
import java.util.Optional;

/**
 * A consistent set of releases for one target.
 *
 * @param target what it was resolved for
 * @param packages the chosen releases, by normalized name
 * @param notes what the user should know: files passed over and why, dependencies not followed,
 *     extras a project does not have
 */
public record Resolution(InstallTarget target, List<ResolvedPackage> packages, List<String> notes) {

    public Resolution {
        packages = List.copyOf(packages);
        notes = List.copyOf(notes);
    }

    /** The release chosen for a project, if any. */
    public Optional<ResolvedPackage> find(ProjectName name) {
        return packages.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The sdists whose dependencies could not be followed. */
    public List<ResolvedPackage> unfollowed() {
        return packages.stream().filter(p -> !p.dependenciesFollowed()).toList();
    }
}
