package dev.pymirror.server.config;

import dev.pymirror.store.OwnerLock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * One data directory is one server: {@code pymirror serve} holds {@code <data>/.server.lock} for its
 * life, and a second server on the same directory is refused (its start-up sweep would remove the
 * first one's staged downloads and uploads in progress). The commands that edit the directory
 * ({@code user}, {@code index}, {@code file}) may run beside a server: each change they make is
 * taken under the lock of the file it changes, as the server's own changes are. Only what would
 * pull files from under a running server ({@code index delete --purge}) asks who owns it first.
 */
public final class DataDirectoryOwner {

    /** The lock file, in the data directory. */
    public static final String LOCK = ".server.lock";

    private DataDirectoryOwner() {}

    /**
     * Makes this process the data directory's server until the returned lock is closed.
     *
     * @throws OwnerLock.HeldException when another server holds it; its message says which
     */
    public static OwnerLock claim(Path data) throws IOException, OwnerLock.HeldException {
        return OwnerLock.acquire(data.resolve(LOCK), "pymirror serve, pid " + ProcessHandle.current().pid()
                + ", started " + Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    /** The server running on {@code data}, as it described itself; empty when none is. */
    public static Optional<String> server(Path data) throws IOException {
        return OwnerLock.owner(data.resolve(LOCK));
    }
}
