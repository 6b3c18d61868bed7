package dev.pymirror.store.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The storage contract on the local directory, the embedded default. */
class LocalBlobStoreTest extends BlobStoreContract {

    @Override
    BlobStore open() throws IOException {
        return new LocalBlobStore(scratch.resolve("store"));
    }

    @Test
    void anObjectIsAFileUnderItsKeyAndServedFromThere() throws IOException {
        store.create("files/demo/demo-1.0.tar.gz", Content.of("x".getBytes(StandardCharsets.UTF_8)));

        Path file = scratch.resolve("store/files/demo/demo-1.0.tar.gz");
        assertThat(file).hasContent("x");
        assertThat(store.localFile("files/demo/demo-1.0.tar.gz")).contains(file.toAbsolutePath());
    }

    @Test
    void aHashLostToACrashIsComputedWhenAsked() throws IOException {
        byte[] bytes = "crashed before its hash".getBytes(StandardCharsets.UTF_8);
        store.create("k", Content.of(bytes));
        Files.delete(scratch.resolve("store").resolve(LocalBlobStore.HASHES).resolve("k"));

        assertThat(store.stat("k").orElseThrow().sha256()).isEqualTo(sha256(bytes));
        assertThatThrownBy(() -> store.create("k", Content.of("other".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(ObjectConflictException.class);
    }

    @Test
    void aFolderThatCannotBeMadeIsAClearError() throws IOException {
        Files.writeString(scratch.resolve("a-file"), "");

        assertThatThrownBy(() -> new LocalBlobStore(scratch.resolve("a-file/store")))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("cannot use " + scratch.resolve("a-file/store").toAbsolutePath() + " for storage");
    }
}
