package dev.pymirror.server.mirror;

import dev.pymirror.store.blob.BlobStore;
import dev.pymirror.store.blob.Content;
import dev.pymirror.store.blob.Document;
import dev.pymirror.testing.ForwardingBlobStore;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CountDownLatch;

/**
 * A real store that says whether other servers share it, and holds every write of a log entry or
 * a document until {@link #release} is counted down: what an answer waits for shows as an answer
 * that does not come.
 */
final class HeldWrites extends ForwardingBlobStore {

    final CountDownLatch release = new CountDownLatch(1);
    private final boolean shared;

    HeldWrites(BlobStore inner, boolean shared) {
        super(inner);
        this.shared = shared;
    }

    @Override
    public boolean shared() {
        return shared;
    }

    @Override
    public Created create(String key, Content content) throws IOException {
        hold();
        return super.create(key, content);
    }

    @Override
    public Document writeDocument(String key, byte[] bytes) throws IOException {
        hold();
        return super.writeDocument(key, bytes);
    }

    private void hold() throws InterruptedIOException {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while held");
        }
    }
}
