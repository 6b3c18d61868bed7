package dev.pymirror.store.blob;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the server's indexes need from storage, whether it is the local data directory
 * ({@link LocalBlobStore}) or an S3-compatible bucket ({@link S3BlobStore}), so that every node
 * sharing a bucket sees the same objects.
 *
 * <p>Three kinds of object, each with its own consistency rule (docs/architecture.md, "Storage"):
 * <ul>
 *   <li>Immutable objects (files, {@code .metadata}): written create-only with their SHA-256. Of
 *       racing writers one wins; a loser offering the same bytes has succeeded too, one offering
 *       other bytes gets an {@link ObjectConflictException}. Nothing ever replaces them.
 *   <li>Documents: small objects any writer may replace whole (last writer wins), read with a
 *       validator so that a reader can ask cheaply whether they changed. Only for what may be lost
 *       to a concurrent writer without harm: a cache of someone else's state. For the same reason
 *       they are not forced to disk, and a reader takes one a crash left damaged as none.
 *   <li>Logs ({@link VersionLog}): state that changes and whose every change must survive, built
 *       on create-only writes alone.
 * </ul>
 *
 * <p>Keys are {@code /}-separated relative names ({@link ObjectKey}). Every failure of the storage
 * itself is an {@link IOException} whose message a person can act on ({@link StorageException}).
 * Implementations are thread-safe.
 */
public interface BlobStore extends AutoCloseable {

    /** Where the objects live, for log lines and messages: a folder or {@code s3://bucket/prefix}. */
    String describe();

    /**
     * Stores {@code content} under {@code key} unless something is there already.
     *
     * @return the object, and whether it was already there with the same bytes
     * @throws ObjectConflictException when the key holds other bytes (nothing is changed)
     */
    Created create(String key, Content content) throws IOException;

    /** The object's size and hash, or empty when there is none. */
    Optional<ObjectInfo> stat(String key) throws IOException;

    /** The whole object as a stream the caller closes, or empty when there is none. */
    Optional<InputStream> read(String key) throws IOException;

    /**
     * {@code length} bytes from {@code offset}, fewer where the object ends first, or empty when
     * there is no object.
     */
    Optional<InputStream> read(String key, long offset, long length) throws IOException;

    /**
     * The object as a file on this machine's disk, to be sent with {@code sendfile}: the store's
     * own file for the local directory, a copy in the node's bounded cache for a bucket. Empty when
     * there is no object. The file may be evicted later: open it before relying on it.
     */
    Optional<Path> localFile(String key) throws IOException;

    /**
     * The object's file on this machine's disk if it is there now, asking nothing over a network:
     * the store's own file (one stat) for the local directory, the node's cached copy for a bucket.
     * Empty when there is none here, which says nothing of the storage: {@link #localFile} fetches.
     * For a server's I/O threads, which must not wait for a bucket.
     */
    Optional<Path> localCopy(String key) throws IOException;

    /**
     * True when reading is a local disk's work (a few microseconds, no network): an index may then
     * read its state again on every request, even on a server's I/O threads, where over a network it
     * answers from memory within a stated bound.
     */
    default boolean readsLocally() {
        return false;
    }

    /**
     * Whether other servers write here too, so that what one decides from what it read may have
     * been decided otherwise meanwhile (a bucket that nodes share). The data directory has one
     * server ({@code DataDirectoryOwner}): what it keeps in memory of its own writes is what is
     * stored.
     */
    default boolean shared() {
        return true;
    }

    /** The {@link #folderMark} of a folder that holds no key: a reader need not list or read it. */
    String EMPTY_FOLDER = "empty";

    /**
     * A mark of the keys directly under {@code folder} (a prefix ending in {@code /}) taken in one
     * cheap look, no network: two equal marks, each taken before a read, mean no key was created or
     * removed there between them, so what was read the first time still stands. Empty when the
     * store cannot tell so cheaply (a bucket has no such signal) or cannot tell safely now (see
     * {@link LocalBlobStore#folderMark}): the caller then reads. A folder that holds no key has the
     * mark {@link #EMPTY_FOLDER}.
     */
    default Optional<String> folderMark(String folder) throws IOException {
        return Optional.empty();
    }

    /**
     * Whether the storage answers, for {@code /health} and {@code /metrics}: empty for a store that
     * nothing can make unreachable (the local disk); for a bucket, its breaker's state
     * ({@link StorageHealth}).
     */
    default Optional<StorageStatus> health() {
        return Optional.empty();
    }

    /** Every object whose key starts with {@code prefix}, by key. */
    List<ObjectInfo.Listed> list(String prefix) throws IOException;

    /** Removes an object (immutable or document); true when there was one. */
    boolean delete(String key) throws IOException;

    /** Replaces (or makes) a document; last writer wins. */
    Document writeDocument(String key, byte[] bytes) throws IOException;

    /** A document with its validator, or empty when there is none. */
    Optional<Document> readDocument(String key) throws IOException;

    /**
     * The document again if it changed since {@code known} was read: {@code known} itself when it
     * has not (on S3 a conditional GET that moves no body), a new one when it has, empty when it
     * is gone.
     */
    Optional<Document> readDocumentIfChanged(String key, Document known) throws IOException;

    /** Closes connections; the store is unusable after. */
    @Override
    void close();

    /**
     * What {@link #create} did.
     *
     * @param object the stored object
     * @param alreadyThere true when another writer (or an earlier try of this one) had stored the
     *     same bytes first
     */
    record Created(ObjectInfo object, boolean alreadyThere) {}
}
