package dev.pymirror.server.http;

import dev.pymirror.server.config.Audience;
import dev.pymirror.server.config.StaticConfig;
import dev.pymirror.server.snapshot.SnapshotInfo;
import dev.pymirror.server.snapshot.SnapshotName;
import dev.pymirror.server.snapshot.SnapshotStore;
import dev.pymirror.server.tree.StaticIndex;
import dev.pymirror.store.FileVersion;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The snapshots a server serves at {@code /+snapshot/NAME/...}: each one's tree as a static index.
 * The snapshot folder is shared with the {@code pymirror snapshot} commands, so each request looks
 * at the snapshot's record with one {@code stat}: a new snapshot is served at once, a deleted one
 * no more, and one deleted and made again under the same name (a new record file) is read afresh.
 */
public final class SnapshotRoutes {

    /** The first segment of a snapshot's URLs (no index or project name holds a '+'). */
    static final String SEGMENT = "+snapshot";

    /** A snapshot being served: its record's version when read, what it says, its routes. */
    record Served(FileVersion version, SnapshotInfo info, IndexRoutes routes) {}

    private final SnapshotStore store;
    private final StoredFiles openFiles;
    private final StoredFiles closedFiles;
    private final Gate gate;
    private final Map<String, Served> served = new ConcurrentHashMap<>();

    public SnapshotRoutes(SnapshotStore store, StoredFiles openFiles, StoredFiles closedFiles, Gate gate) {
        this.store = store;
        this.openFiles = openFiles;
        this.closedFiles = closedFiles;
        this.gate = gate;
    }

    /** Whether the snapshot was served before (then {@link #find} costs one stat, fit for the I/O thread). */
    boolean known(String name) {
        return served.containsKey(name);
    }

    /** The snapshot of that name as it is on disk now; null when there is none. */
    Served find(String name) throws IOException {
        if (!SnapshotName.isValid(name)) {
            return null;
        }
        Optional<FileVersion> version = FileVersion.of(store.record(name));
        if (version.isEmpty()) {
            served.remove(name);
            return null;
        }
        Served known = served.get(name);
        if (known != null && known.version().equals(version.get())) {
            return known;
        }
        Optional<SnapshotInfo> info = store.find(name);
        if (info.isEmpty()) {
            return null;
        }
        // Named "snapshot" in its messages: a static index needs an index name, and a snapshot's may not be one.
        StaticIndex index = new StaticIndex(new StaticConfig("snapshot", Audience.ANYONE, store.tree(name)),
                store.tree(name).getParent());
        boolean restricted = info.get().restricted();
        // Pages are not kept by clients: a snapshot deleted and made again under its name is another one.
        Served fresh = new Served(version.get(), info.get(), new IndexRoutes(index, restricted ? closedFiles : openFiles,
                Duration.ofSeconds(60), Duration.ZERO, restricted, gate, false));
        served.put(name, fresh);
        return fresh;
    }
}
