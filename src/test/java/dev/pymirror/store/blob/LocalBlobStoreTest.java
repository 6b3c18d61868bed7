package dev.pymirror.store.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
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
    void aStagedFileIsLinkedIntoPlaceNotCopiedAndOnlyWhereNothingIs() throws IOException {
        Path target = scratch.resolve("store/files/demo/demo-1.0.tar.gz");
        try (dev.pymirror.store.StagedFile staged = dev.pymirror.store.StagedFile.create(target)) {
            byte[] bytes = "staged".getBytes(StandardCharsets.UTF_8);
            staged.write(bytes, 0, bytes.length);
            String sha256 = staged.check(null, -1);
            store.create("files/demo/demo-1.0.tar.gz", Content.ofFile(staged.stagingPath(), sha256));
            assertThat(Files.isSameFile(target, staged.stagingPath())).isTrue(); // one inode: no second write
            assertThat(store.stat("files/demo/demo-1.0.tar.gz").orElseThrow().sha256()).isEqualTo(sha256(bytes));
        }
        assertThat(target).hasContent("staged"); // the staging name went, the object stays
        try (dev.pymirror.store.StagedFile other = dev.pymirror.store.StagedFile.create(target)) {
            byte[] bytes = "other".getBytes(StandardCharsets.UTF_8);
            other.write(bytes, 0, bytes.length);
            String sha256 = other.check(null, -1);
            assertThatThrownBy(() -> store.create("files/demo/demo-1.0.tar.gz", Content.ofFile(other.stagingPath(), sha256)))
                    .isInstanceOf(ObjectConflictException.class);
        }
        assertThat(target).hasContent("staged");
    }

    @Test
    void aFolderMarkChangesWithEachNameMadeInItAndIsWithheldWhileTheFolderIsFreshlyChanged() throws IOException {
        assertThat(store.folderMark("log/")).contains(BlobStore.EMPTY_FOLDER);
        store.create("log/00000000000000000001", Content.of("1".getBytes(StandardCharsets.UTF_8)));
        // Just changed: within a file system clock's tick a second entry could keep the same mark.
        assertThat(store.folderMark("log/")).isEmpty();

        Path folder = scratch.resolve("store/log");
        Files.setLastModifiedTime(folder, java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(java.time.Duration.ofHours(1))));
        String settled = store.folderMark("log/").orElseThrow();
        assertThat(store.folderMark("log/")).contains(settled);

        store.create("log/00000000000000000002", Content.of("2".getBytes(StandardCharsets.UTF_8)));
        assertThat(store.folderMark("log/")).isNotEqualTo(Optional.of(settled));
        Files.setLastModifiedTime(folder, java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(java.time.Duration.ofMinutes(30))));
        assertThat(store.folderMark("log/")).isPresent().isNotEqualTo(Optional.of(settled));
        assertThatThrownBy(() -> store.folderMark("log")).isInstanceOf(IllegalArgumentException.class);
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
