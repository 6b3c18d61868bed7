package dev.pymirror.sync.lock;

import dev.pymirror.packaging.PackagingException;
import dev.pymirror.packaging.requirements.Marker;
import dev.pymirror.packaging.requirements.MarkerContext;
import dev.pymirror.packaging.version.SpecifierSet;
import dev.pymirror.sync.resolve.InstallTarget;
import java.util.List;

/** How a lock's Python versions, environments and markers are judged for a sync's target. */
final class LockTargets {

    private LockTargets() {}

    /** Refuses a target whose Python the lock was not made for: its files were not chosen for it. */
    static void checkPython(String origin, SpecifierSet requiresPython, InstallTarget target) throws LockFileException {
        if (requiresPython != null && !requiresPython.contains(target.pythonVersion(), true)) {
            throw new LockFileException(origin + ": the lock is for Python " + requiresPython + ", and the target "
                    + target.name() + " is Python " + target.pythonVersion() + ": give a --python-version the lock covers");
        }
    }

    /** Refuses a target that none of the lock's environment markers (when it has some) admits. */
    static void checkEnvironments(String origin, String key, List<Marker> environments, InstallTarget target)
            throws LockFileException {
        if (environments.isEmpty()) {
            return;
        }
        for (Marker m : environments) {
            if (holds(m, target, MarkerContext.lockFile())) {
                return;
            }
        }
        throw new LockFileException(origin + ": the target " + target.name() + " is none of the lock's " + key + " ("
                + String.join("; ", environments.stream().map(Marker::toString).toList())
                + "): the lock was not made for it");
    }

    /**
     * Whether a marker holds on the target. A marker that cannot be decided there (a comparison
     * without a result) counts as holding: a mirror had rather hold a file too many than miss one.
     */
    static boolean holds(Marker marker, InstallTarget target, MarkerContext context) {
        try {
            return marker.evaluate(target.environment(), context);
        } catch (PackagingException e) {
            return true;
        }
    }
}
