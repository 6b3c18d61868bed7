package dev.pymirror.server.http;

import dev.pymirror.server.config.Audience;
import dev.pymirror.server.config.StaticConfig;
import dev.pymirror.server.index.PackageIndex;
import dev.pymirror.server.snapshot.BucketSnapshots;
import dev.pymirror.server.snapshot.SnapshotException;
import dev.pymirror.server.snapshot.SnapshotIndex;
import dev.pymirror.server.snapshot.SnapshotInfo;
import dev.pymirror.server.snapshot.SnapshotManifest;
import dev.pymirror.server.snapshot.SnapshotName;
import dev.pymirror.server.snapshot.SnapshotStore;
import dev.pymirror.server.snapshot.Snapshots;
import dev.pymirror.server.tree.StaticIndex;
import dev.pymirror.store.FileVersion;
import dev.pymirror.store.blob.ObjectInfo;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The snapshots a server serves at {@code /+snapshot/NAME/...}.
 *
 * <p>In a data directory each is a tree served as a static index. The snapshot folder is shared
 * with the {@code pymirror snapshot} commands, so each request looks at the snapshot's record with
 * one {@code stat}: a new snapshot is served at once, a deleted one no more, and one deleted and
 * made again under the same name (a new record file) is read afresh.
 *
 * <p>In a bucket each is a manifest served by a {@link SnapshotIndex}. Asking the bucket on every
 * request would cost a round trip each, so a snapshot served is trusted for {@link #FRESH} after its
 * manifest was last looked at (one HEAD), as a hosted index trusts its log: a snapshot made on
 * another node is served at its first request, one deleted there no more within 1 s.
 */
public final class SnapshotRoutes {

    /** The first segment of a snapshot's URLs (no index or project name holds a '+'). */
    static final String SEGMENT = "+snapshot";
    /** How long a bucket's snapshot is served before its manifest is looked at again. */
    static final Duration FRESH = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotRoutes.class);

    /**
     * A snapshot being served: its record's version when read (a {@link FileVersion} of its
     * {@code snapshot.json}, or the manifest's SHA-256 in a bucket), what it says, its routes, and
     * when it was last confirmed (nanoTime; a bucket's only).
     */
    record Served(Object version, SnapshotInfo info, IndexRoutes routes, long confirmed) {
        Served confirmedAt(long now) {
            return new Served(version, info, routes, now);
        }
    }

    private final Snapshots store;
    private final StoredFiles openFiles;
    private final StoredFiles closedFiles;
    private final Gate gate;
    private final Map<String, Served> served = new ConcurrentHashMap<>();

    public SnapshotRoutes(Snapshots store, StoredFiles openFiles, StoredFiles closedFiles, Gate gate) {
        this.store = store;
        this.openFiles = openFiles;
        this.closedFiles = closedFiles;
        this.gate = gate;
    }

    /**
     * Whether the snapshot was served before (then {@link #find} costs one stat, fit for the I/O
     * thread); in a bucket, served and confirmed within {@link #FRESH} (then it costs nothing).
     */
    boolean known(String name) {
        Served s = served.get(name);
        return s != null && (!(store instanceof BucketSnapshots) || System.nanoTime() - s.confirmed() < FRESH.toNanos());
    }

    /**
     * The snapshot of that name as it is now; null when there is none.
     *
     * @throws IOException when the storage does not answer about a snapshot not served before
     */
    Served find(String name) throws IOException {
        if (!SnapshotName.isValid(name)) {
            return null;
        }
        return store instanceof BucketSnapshots bucket ? inBucket(bucket, name) : onDisk((SnapshotStore) store, name);
    }

    private Served onDisk(SnapshotStore disk, String name) throws IOException {
        Optional<FileVersion> version = FileVersion.of(disk.record(name));
        if (version.isEmpty()) {
            served.remove(name);
            return null;
        }
        Served known = served.get(name);
        if (known != null && known.version().equals(version.get())) {
            return known;
        }
        Optional<SnapshotInfo> info = disk.find(name);
        if (info.isEmpty()) {
            return null;
        }
        // Named "snapshot" in its messages: a static index needs an index name, and a snapshot's may not be one.
        StaticIndex index = new StaticIndex(new StaticConfig("snapshot", Audience.ANYONE, disk.tree(name)),
                disk.tree(name).getParent());
        return serve(name, version.get(), info.get(), index, 0);
    }

    private Served inBucket(BucketSnapshots bucket, String name) throws IOException {
        long now = System.nanoTime();
        Served known = served.get(name);
        if (known != null && now - known.confirmed() < FRESH.toNanos()) {
            return known;
        }
        Optional<ObjectInfo> manifest;
        try {
            manifest = bucket.stat(name);
        } catch (IOException e) {
            if (known != null) {
                // The bucket does not answer: what this node served it goes on serving (its copies are on disk).
                return known;
            }
            throw e;
        }
        if (manifest.isEmpty()) {
            served.remove(name);
            return null;
        }
        if (known != null && known.version().equals(manifest.get().sha256())) {
            Served confirmed = known.confirmedAt(now);
            served.put(name, confirmed);
            return confirmed;
        }
        Optional<SnapshotManifest> read;
        try {
            read = bucket.manifest(name);
        } catch (SnapshotException damaged) {
            LOG.warn("snapshot '{}' not served: {}", name, damaged.getMessage());
            served.remove(name);
            return null;
        }
        if (read.isEmpty()) {
            served.remove(name);
            return null;
        }
        return serve(name, manifest.get().sha256(), read.get().info(), new SnapshotIndex(read.get(), bucket.store()), now);
    }

    private Served serve(String name, Object version, SnapshotInfo info, PackageIndex index, long now) {
        boolean restricted = info.restricted();
        // Pages are not kept by clients: a snapshot deleted and made again under its name is another one.
        Served fresh = new Served(version, info, new IndexRoutes(index, restricted ? closedFiles : openFiles,
                Duration.ofSeconds(60), Duration.ZERO, restricted, gate, false), now);
        served.put(name, fresh);
        return fresh;
    }
}
