package dev.pymirror.sync.resolve;

import dev.pymirror.packaging.ProjectName;
import java.util.Set;

/**
 * Which projects may be mirrored as sdists when no wheel fits a target. Wheels only is the default:
 * an image build without compilers cannot use an sdist, and an sdist's dependencies are known only
 * when its PKG-INFO says they are reliable.
 *
 * @param all sdists allowed for every project not in {@code denied}
 * @param allowed projects sdists are allowed for (when not {@code all})
 * @param denied projects that must be wheels whatever else is said
 */
public record SdistPolicy(boolean all, Set<ProjectName> allowed, Set<ProjectName> denied) {

    /** Wheels only, as pip's {@code --only-binary=:all:}. */
    public static final SdistPolicy NONE = new SdistPolicy(false, Set.of(), Set.of());
    /** Sdists allowed for every project, as pip's default. */
    public static final SdistPolicy ALL = new SdistPolicy(true, Set.of(), Set.of());

    public SdistPolicy {
        allowed = Set.copyOf(allowed);
        denied = Set.copyOf(denied);
    }

    /** Sdists allowed for these projects only. */
    public static SdistPolicy only(Set<ProjectName> projects) {
        return new SdistPolicy(false, projects, Set.of());
    }

    /** Whether an sdist of {@code project} may be chosen. */
    public boolean allows(ProjectName project) {
        return (all || allowed.contains(project)) && !denied.contains(project);
    }
}
