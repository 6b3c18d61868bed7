package dev.pymirror.server.snapshot;

import dev.pymirror.server.index.PackageIndex;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The snapshots of a server's storage: a data directory's ({@link SnapshotStore}, static trees of
 * hard links) or those in the bucket that several nodes share ({@link BucketSnapshots}, a manifest
 * naming objects). The commands, the web UI and the routes use either alike.
 */
public interface Snapshots {

    /** Every snapshot, by name. */
    List<SnapshotInfo> list() throws IOException;

    /** The snapshot of that name; empty when there is none (or the name is no snapshot name). */
    Optional<SnapshotInfo> find(String name) throws IOException;

    /**
     * Freezes what {@code index} serves now as snapshot {@code name}.
     *
     * @param kind the index's kind, recorded
     * @param restricted whether reading the index needs a login; the snapshot then needs one too
     * @throws SnapshotException when the name is taken or not a name, or the index cannot answer
     */
    SnapshotInfo create(String name, PackageIndex index, String kind, boolean restricted, Clock clock)
            throws IOException, SnapshotException;

    /**
     * Deletes snapshot {@code name}: from the moment this returns (on other nodes of a bucket, within
     * their bound) it is served no more.
     *
     * @throws SnapshotException when there is no such snapshot, naming those there are
     */
    SnapshotInfo delete(String name) throws IOException, SnapshotException;

    /** The error for a name no snapshot has: it lists those there are. */
    SnapshotException noSuch(String name) throws IOException;

    /** Where the snapshot is kept, as {@code snapshot show} prints it: {@code tree: <folder>}, or {@code manifest: <URL>}. */
    String where(String name);
}
