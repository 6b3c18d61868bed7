package dev.pymirror.testing;

import dev.pymirror.store.blob.BlobStore;
import dev.pymirror.store.blob.Content;
import dev.pymirror.store.blob.Document;
import dev.pymirror.store.blob.ObjectInfo;
import dev.pymirror.store.blob.StorageStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A real store with every call passed on, for a test that holds or pauses one kind of call to
 * stage a race: a subclass overrides that call only. Every method forwards, the defaults included,
 * so the store under test behaves as the one it wraps in all else.
 */
public abstract class ForwardingBlobStore implements BlobStore {

    protected final BlobStore inner;

    protected ForwardingBlobStore(BlobStore inner) {
        this.inner = inner;
    }

    @Override
    public String describe() {
        return inner.describe();
    }

    @Override
    public boolean shared() {
        return inner.shared();
    }

    @Override
    public Created create(String key, Content content) throws IOException {
        return inner.create(key, content);
    }

    @Override
    public Optional<ObjectInfo> stat(String key) throws IOException {
        return inner.stat(key);
    }

    @Override
    public Optional<InputStream> read(String key) throws IOException {
        return inner.read(key);
    }

    @Override
    public Optional<InputStream> read(String key, long offset, long length) throws IOException {
        return inner.read(key, offset, length);
    }

    @Override
    public Optional<Path> localFile(String key) throws IOException {
        return inner.localFile(key);
    }

    @Override
    public Optional<Path> localCopy(String key) throws IOException {
        return inner.localCopy(key);
    }

    @Override
    public boolean readsLocally() {
        return inner.readsLocally();
    }

    @Override
    public Optional<String> folderMark(String folder) throws IOException {
        return inner.folderMark(folder);
    }

    @Override
    public Optional<StorageStatus> health() {
        return inner.health();
    }

    @Override
    public List<ObjectInfo.Listed> list(String prefix) throws IOException {
        return inner.list(prefix);
    }

    @Override
    public boolean delete(String key) throws IOException {
        return inner.delete(key);
    }

    @Override
    public Document writeDocument(String key, byte[] bytes) throws IOException {
        return inner.writeDocument(key, bytes);
    }

    @Override
    public Optional<Document> readDocument(String key) throws IOException {
        return inner.readDocument(key);
    }

    @Override
    public Optional<Document> readDocumentIfChanged(String key, Document known) throws IOException {
        return inner.readDocumentIfChanged(key, known);
    }

    @Override
    public void close() {
        inner.close();
    }
}
