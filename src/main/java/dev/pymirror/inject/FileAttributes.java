package dev.pymirror.inject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.Map;

/**
 * The permission bits, owner, group and modification time of a file or link, read and applied
 * without following links (a link's own owner, not its target's).
 *
 * @param mode the permission bits, set-id and sticky bits included ({@code 07777} at most)
 * @param uid the owner
 * @param gid the group
 * @param modified the modification time
 */
record FileAttributes(int mode, int uid, int gid, FileTime modified) {

    /** The attributes of a file inject writes where none was: {@code 0644}, this process's owner. */
    static final int NEW_FILE_MODE = 0644;
    static final int NEW_DIRECTORY_MODE = 0755;

    static FileAttributes read(Path path) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, "unix:mode,uid,gid,lastModifiedTime",
                LinkOption.NOFOLLOW_LINKS);
        return new FileAttributes((Integer) a.get("mode") & 07777, (Integer) a.get("uid"), (Integer) a.get("gid"),
                (FileTime) a.get("lastModifiedTime"));
    }

    /** Parses the octal text of a mode as the record keeps it ({@code 0644}). */
    static int parseMode(String octal) {
        int mode = Integer.parseInt(octal, 8);
        if (mode < 0 || mode > 07777) {
            throw new NumberFormatException("mode out of range: " + octal);
        }
        return mode;
    }

    /** The mode as the record keeps it: four octal digits. */
    static String formatMode(int mode) {
        return String.format("%04o", mode);
    }

    /**
     * Gives a path these attributes: owner and group first (a change of owner clears set-id bits),
     * then the mode (not on a link: Linux links have none), then, when asked, the time.
     */
    void applyTo(Path path, boolean isLink, boolean withTime) throws IOException {
        FileAttributes now = read(path);
        if (now.uid != uid) {
            Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        }
        if (now.gid != gid) {
            Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
        }
        if (!isLink) {
            Files.setAttribute(path, "unix:mode", mode);
        }
        if (withTime) {
            Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(modified, null, null);
        }
    }
}
