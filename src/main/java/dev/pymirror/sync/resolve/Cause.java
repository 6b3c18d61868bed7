package dev.pymirror.sync.resolve;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.sync.reqfile.Origin;
import java.util.Set;

/** Why a requirement is in play: the user wrote it, or a chosen release declares it. */
sealed interface Cause {

    /** The choices (projects pinned) this cause rests on: what backtracking may change to remove it. */
    Set<ProjectName> decisions();

    /** A line of a requirements or constraints file, or the command line. */
    record User(Origin origin) implements Cause {
        @Override
        public Set<ProjectName> decisions() {
            return Set.of();
        }

        @Override
        public String toString() {
            return origin.toString();
        }
    }

    /**
     * A dependency of a chosen release.
     *
     * @param parent the release that declares it
     * @param extras the parent's extras it was evaluated for, as requested
     * @param requester for a dependency added when another project asked the parent for one more
     *     extra, that project; null otherwise
     */
    record Release(Candidate parent, Set<String> extras, ProjectName requester) implements Cause {
        @Override
        public Set<ProjectName> decisions() {
            return requester == null ? Set.of(parent.name()) : Set.of(parent.name(), requester);
        }

        @Override
        public String toString() {
            return parent.release() + (extras.isEmpty() ? "" : " [" + String.join(",", new java.util.TreeSet<>(extras)) + "]");
        }
    }
}
