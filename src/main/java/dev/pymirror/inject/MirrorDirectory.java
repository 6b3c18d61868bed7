package dev.pymirror.inject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The host directory holding the mirror tree that inject bind-mounts in a root, where
 * diskimage-builder keeps it: {@code $DIB_IMAGE_CACHE/pypi/mirror}, or
 * {@code ~/.cache/image-create/pypi/mirror} when that variable is unset.
 */
public final class MirrorDirectory {

    private MirrorDirectory() {}

    /** The default location for this environment, whether or not it exists. */
    public static Path defaultLocation(Map<String, String> environment) {
        String cache = environment.get("DIB_IMAGE_CACHE");
        if (cache != null && !cache.isBlank()) {
            return Path.of(cache, "pypi", "mirror");
        }
        String home = environment.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(home, ".cache", "image-create", "pypi", "mirror");
    }

    /**
     * The directory to mount.
     *
     * @param given the directory the user named, or null for the default
     * @param environment for the default location
     * @return the directory; empty when none was named and the default does not exist
     * @throws InvalidSettingException when a named directory does not exist or is not a directory
     */
    public static Optional<Path> choose(Path given, Map<String, String> environment) {
        if (given != null) {
            if (!Files.exists(given)) {
                throw new InvalidSettingException("--mirror " + given + ": no such directory");
            }
            if (!Files.isDirectory(given)) {
                throw new InvalidSettingException("--mirror " + given + ": not a directory");
            }
            return Optional.of(given.toAbsolutePath().normalize());
        }
        Path fallback = defaultLocation(environment);
        return Files.isDirectory(fallback) ? Optional.of(fallback.toAbsolutePath().normalize()) : Optional.empty();
    }
}
