package dev.pymirror.sync.lock;

import dev.pymirror.packaging.ProjectName;
import java.util.List;
import java.util.Optional;

/**
 * One release a lock pins, with every file the lock lists for it.
 *
 * @param name the project
 * @param version the version, as the lock writes it
 * @param wheels its wheels
 * @param sdist its sdist, when the lock lists one
 * @param requiresPython its Requires-Python when the lock states it, else null
 */
public record LockedRelease(ProjectName name, String version, List<LockedFile> wheels, Optional<LockedFile> sdist,
        String requiresPython) {

    public LockedRelease {
        wheels = List.copyOf(wheels);
    }

    /** {@code name version}, as messages name a release. */
    public String release() {
        return name.original() + " " + version;
    }
}
