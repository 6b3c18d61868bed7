package dev.pymirror.inject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Small image roots for tests: the directories a Debian root has where pymirror writes. */
final class TestRoots {

    private TestRoots() {}

    /** etc, root (0700), tmp (1777), usr/lib, var/lib: what a real root has, and nothing of pymirror's. */
    static Path minimal(Path dir) throws IOException {
        for (String d : List.of("etc", "root", "tmp", "usr/lib", "var/lib")) {
            Files.createDirectories(dir.resolve(d));
        }
        Files.setAttribute(dir.resolve("root"), "unix:mode", 0700);
        Files.setAttribute(dir.resolve("tmp"), "unix:mode", 01777);
        write(dir, "etc/hostname", "image\n", 0644);
        return dir;
    }

    /** Writes a file with a mode and a fixed time in the past, so a rewrite would show. */
    static Path write(Path root, String relative, String content, int mode) throws IOException {
        return write(root, relative, content.getBytes(StandardCharsets.UTF_8), mode);
    }

    static Path write(Path root, String relative, byte[] content, int mode) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        Files.setAttribute(file, "unix:mode", mode);
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2001-02-03T04:05:06.789012345Z")));
        return file;
    }

    /** Changes a file's owner and group; only root can. */
    static void chown(Path file, int uid, int gid) throws IOException {
        Files.setAttribute(file, "unix:uid", uid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(file, "unix:gid", gid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    static ClientSettings settings(Map<String, String> env) {
        return new ClientSettings(IndexSelection.choose(env, IndexFlags.NONE), false);
    }

    /** A plan that mounts nothing, so it needs no privileges. */
    static InjectPlan unmounted(Map<String, String> env) {
        return new InjectPlan(settings(env), java.util.Optional.empty(), List.of());
    }

    /** Thrown from a checkpoint to stop inject or eject where a crash would. */
    static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;

        SimulatedCrash(String step) {
            super("crashed at " + step);
        }
    }
}
