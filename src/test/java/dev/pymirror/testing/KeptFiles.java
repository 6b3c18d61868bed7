package dev.pymirror.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Waits for a mirror's fresh file to be kept under its name on disk: a client has the file once
 * its bytes are checked, and the server forces and links it just after (FileDownload.run), so a
 * test that looks at the cache right after a download must wait for that, not for its client.
 */
public final class KeptFiles {

    private KeptFiles() {}

    /** Returns {@code file} once it exists, or throws after 30 s. */
    public static Path await(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(file)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(file + " was not kept within 30 s");
            }
            Thread.sleep(10);
        }
        return file;
    }
}
