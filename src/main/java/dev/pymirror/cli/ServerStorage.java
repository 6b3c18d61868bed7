package dev.pymirror.cli;

import dev.pymirror.server.auth.UserStore;
import dev.pymirror.server.auth.UserStoreException;
import dev.pymirror.server.config.ServerConfig;
import dev.pymirror.server.config.StorageConfig;
import dev.pymirror.server.snapshot.BucketSnapshots;
import dev.pymirror.server.snapshot.SnapshotStore;
import dev.pymirror.server.snapshot.Snapshots;
import dev.pymirror.store.DirectoryTree;
import dev.pymirror.store.blob.BlobStore;
import dev.pymirror.store.blob.ObjectCache;
import dev.pymirror.store.blob.S3BlobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The storage a command changes the server's state in, as the configuration names it: the data
 * directory, or the bucket of {@code storage = "s3://..."} that the nodes share, so that a command
 * run on any node's machine changes what every node serves.
 */
final class ServerStorage implements AutoCloseable {

    private final ServerConfig config;
    /** The bucket, or null for the data directory. */
    private final BlobStore bucket;
    /** The bucket's cache for this command alone: a running server's own is not to be shared. */
    private final Path cache;

    private ServerStorage(ServerConfig config, BlobStore bucket, Path cache) {
        this.config = config;
        this.bucket = bucket;
        this.cache = cache;
    }

    /** Opens (for a bucket: connects to and checks) the storage {@code config} names. */
    static ServerStorage open(ServerConfig config) throws IOException {
        StorageConfig storage = config.storage();
        if (storage.local()) {
            return new ServerStorage(config, null, null);
        }
        Path cache = Files.createTempDirectory("pymirror-command-cache");
        try {
            return new ServerStorage(config, S3BlobStore.open(storage.s3(), new ObjectCache(cache, storage.cacheSize())),
                    cache);
        } catch (IOException | RuntimeException e) {
            delete(cache);
            throw e;
        }
    }

    /**
     * The bucket the nodes share, or null for the data directory (what {@code HostedIndex.open}
     * takes). Only logs and objects are read and written through it by a command, nothing is served:
     * its node cache is a folder of this run's own, never the server's, which another process must
     * not sweep.
     */
    BlobStore bucket() {
        return bucket;
    }

    /** The server's snapshots: the data directory's trees, or the manifests in the bucket. */
    Snapshots snapshots() {
        return bucket == null ? new SnapshotStore(config.dataDir()) : new BucketSnapshots(bucket);
    }

    /** The server's users. */
    UserStore users() throws UserStoreException {
        return bucket == null ? new UserStore(config.dataDir()) : new UserStore(bucket, config.dataDir());
    }

    @Override
    public void close() {
        if (bucket != null) {
            bucket.close();
            delete(cache);
        }
    }

    private static void delete(Path dir) {
        try {
            DirectoryTree.delete(dir);
        } catch (IOException ignored) {
            // A temporary folder left behind is the system's to clean.
        }
    }
}
