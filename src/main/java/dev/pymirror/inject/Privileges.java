package dev.pymirror.inject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether this process may mount and chroot: its effective user is root. */
public final class Privileges {

    private Privileges() {}

    /** True when the effective user id is 0. */
    public static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    // Uid: real effective saved filesystem
                    String[] ids = line.substring(4).trim().split("\\s+");
                    return ids.length > 1 && ids[1].equals("0");
                }
            }
        } catch (IOException e) {
            // No /proc: fall through to what Java knows about the user.
        }
        return "root".equals(System.getProperty("user.name"));
    }

    /**
     * Fails unless this process is root.
     *
     * @param what what needs it, such as "binding the mirror at /x/tmp/pypi"
     * @param alternative what the user can do instead, or null
     * @throws InjectException.NotPrivileged otherwise
     */
    public static void requireRoot(String what, String alternative) {
        if (!isRoot()) {
            throw new InjectException.NotPrivileged(what + " needs root: run pymirror as root (for example with sudo)"
                    + (alternative == null ? "" : ", or " + alternative));
        }
    }
}
