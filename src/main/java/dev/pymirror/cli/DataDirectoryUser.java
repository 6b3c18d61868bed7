package dev.pymirror.cli;

import dev.pymirror.server.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Who may change a data directory from the command line. The installed package runs the server as
 * its own user; root running {@code pymirror user add} on that directory would leave files and
 * folders owned by root ({@code users.json} is private to its owner, a new index's folder is not
 * writable by others), which the server then cannot read or write. So root may read such a
 * directory but not change it: the message says which user to run the command as.
 */
final class DataDirectoryUser {

    private static final Path SELF = Path.of("/proc/self");

    private DataDirectoryUser() {}

    /**
     * Refuses a change of {@code data} by root when the directory belongs to another user.
     *
     * @param command the command as typed after {@code pymirror}, for the message
     * @throws ConfigException naming the owner and the command to run instead
     */
    static void checkMayChange(Path data, String command) {
        Integer self = uid(SELF);
        if (self == null || self != 0 || !Files.isDirectory(data)) {
            return; // only root can write what another user then cannot use
        }
        Integer owner = uid(data);
        if (owner == null || owner == 0) {
            return;
        }
        String name;
        try {
            name = Files.getOwner(data, LinkOption.NOFOLLOW_LINKS).getName();
        } catch (IOException | UnsupportedOperationException e) {
            name = String.valueOf(owner);
        }
        throw new ConfigException("the data directory " + data + " belongs to user '" + name + "' and this runs as root;"
                + " what root writes there the server cannot use. Run it as that user: sudo -u " + name
                + " pymirror " + command + " ...");
    }

    /** The numeric owner of a path; null where the file system does not say (not a Unix one). */
    private static Integer uid(Path path) {
        try {
            return (Integer) Files.getAttribute(path, "unix:uid");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }
}
