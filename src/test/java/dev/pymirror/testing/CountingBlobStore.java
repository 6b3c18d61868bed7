package dev.pymirror.testing;

import dev.pymirror.store.blob.BlobStore;
import dev.pymirror.store.blob.ObjectInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real store that counts the reads of objects (a log entry is one), naming each key read, and the
 * listings made through it: what a test of a cache asserts on, since "answered from memory" means
 * none of either, and a test of a write on what the write asked the storage.
 */
public final class CountingBlobStore extends ForwardingBlobStore {

    public final AtomicInteger reads = new AtomicInteger();
    public final AtomicInteger lists = new AtomicInteger();
    /** The keys read, in order. */
    public final List<String> readKeys = new CopyOnWriteArrayList<>();

    public CountingBlobStore(BlobStore inner) {
        super(inner);
    }

    @Override
    public Optional<InputStream> read(String key) throws IOException {
        reads.incrementAndGet();
        readKeys.add(key);
        return inner.read(key);
    }

    @Override
    public List<ObjectInfo.Listed> list(String prefix) throws IOException {
        lists.incrementAndGet();
        return inner.list(prefix);
    }
}
