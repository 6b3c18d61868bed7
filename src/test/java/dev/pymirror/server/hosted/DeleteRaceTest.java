package dev.pymirror.server.hosted;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.server.config.HostedConfig;
import dev.pymirror.server.index.FileAnswer;
import dev.pymirror.server.index.Upload;
import dev.pymirror.store.blob.BlobStore;
import dev.pymirror.store.blob.LocalBlobStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import dev.pymirror.testing.ForwardingBlobStore;
import dev.pymirror.testing.Wheel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two writers with no lock between them (two nodes on one bucket; here two indexes on one folder):
 * a deletion lists the file as deleted, then removes its bytes. An upload of the same bytes by the
 * other writer, landing exactly between the two, is acknowledged and listed; its bytes must survive
 * the removal that follows.
 */
class DeleteRaceTest {

    @TempDir
    Path dir;

    @Test
    void anUploadBetweenADeletionsEntryAndItsRemovalKeepsItsBytes() throws Exception {
        Wheel wheel = Wheel.of("acme-race", "1.0").build();
        ProjectName project = ProjectName.of("acme-race");
        LocalBlobStore folder = new LocalBlobStore(dir);
        HostedIndex other = new HostedIndex(HostedConfig.defaults("internal"), folder, "", dir.resolve("b"), Clock.systemUTC());
        Runnable[] beforeRemoval = {() -> {}};
        BlobStore deleting = new PausingStore(folder, () -> beforeRemoval[0].run());
        HostedIndex index = new HostedIndex(HostedConfig.defaults("internal"), deleting, "", dir.resolve("a"), Clock.systemUTC());

        upload(index, wheel);
        boolean[] acknowledged = {false};
        beforeRemoval[0] = () -> {
            beforeRemoval[0] = () -> {};
            try {
                acknowledged[0] = upload(other, wheel) == HostedIndex.Stored.NEW;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        index.delete(project, wheel.filename());

        assertThat(acknowledged[0]).as("the other writer's upload, between the deletion's entry and its removal").isTrue();
        for (HostedIndex either : List.of(index, other)) {
            assertThat(either.files(project)).extracting(HostedFile::filename).containsExactly(wheel.filename());
            FileAnswer.Stored stored = (FileAnswer.Stored) either.file(project, wheel.filename());
            assertThat(Files.readAllBytes(stored.path())).isEqualTo(wheel.bytes());
            assertThat(either.metadata(project, wheel.filename()).bytes()).isEqualTo(wheel.metadata());
        }
    }

    static HostedIndex.Stored upload(HostedIndex index, Wheel w) throws Exception {
        return index.upload(new Upload(w.filename(), Map.of(":action", List.of("file_upload"), "name", List.of("acme-race"),
                "version", List.of("1.0")), "alice"), new ByteArrayInputStream(w.bytes()));
    }

    /** The folder, with a pause before each removal in which another writer acts. */
    static final class PausingStore extends ForwardingBlobStore {
        private final Runnable beforeDelete;

        PausingStore(BlobStore store, Runnable beforeDelete) {
            super(store);
            this.beforeDelete = beforeDelete;
        }

        @Override
        public boolean delete(String key) throws IOException {
            beforeDelete.run();
            return inner.delete(key);
        }
    }
}
