package dev.pymirror.sync.resolve;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.packaging.requirements.Requirement;
import dev.pymirror.sync.reqfile.HashPins;
import java.util.Set;

/**
 * One requirement on a project, with why it is there.
 *
 * @param project the project asked for
 * @param requirement the requirement as written (its specifier and extras count; its marker held)
 * @param extras the extras asked for, PEP 685 normalized
 * @param hashes the {@code --hash} pins of a user's line; none for dependencies
 * @param cause who asks
 * @param depth how far from the user's requirements: 1 for them, the parent's depth + 1 for a dependency
 */
record Demand(ProjectName project, Requirement requirement, Set<String> extras, HashPins hashes, Cause cause,
        int depth) {

    /** {@code celery 5.6.3 requires kombu>=5.6}, {@code requirements.txt:4 requires django~=5.2}. */
    String describe() {
        String wanted = requirement.name().original()
                + (requirement.extras().isEmpty() ? "" : "[" + String.join(",", requirement.extras()) + "]")
                + (requirement.specifier().isEmpty() ? "" : requirement.specifier().toString());
        return cause + " requires " + wanted;
    }
}
