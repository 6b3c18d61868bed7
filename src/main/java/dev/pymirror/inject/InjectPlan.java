package dev.pymirror.inject;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What to do to a root.
 *
 * @param settings what the client configuration files say
 * @param mirror the host directory to bind-mount read-only at {@value #MIRROR_MOUNT_POINT}, if any
 * @param systemMounts kernel file systems to mount for a command run in the root
 */
public record InjectPlan(ClientSettings settings, Optional<Path> mirror, List<SystemMount> systemMounts) {

    /** Where the mirror is mounted inside the root: the directory {@code file:///tmp/pypi} names. */
    public static final String MIRROR_MOUNT_POINT = "tmp/pypi";

    public InjectPlan {
        if (settings == null) {
            throw new IllegalArgumentException("settings are missing");
        }
        mirror = mirror == null ? Optional.empty() : mirror;
        systemMounts = List.copyOf(systemMounts);
    }
}
