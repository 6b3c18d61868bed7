package dev.pymirror.server.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.server.config.MirrorConfig;
import dev.pymirror.server.index.FileAnswer;
import dev.pymirror.server.index.FileDownload;
import dev.pymirror.simple.ProjectFile;
import dev.pymirror.store.blob.BlobStore;
import dev.pymirror.store.blob.Content;
import dev.pymirror.store.blob.LocalBlobStore;
import dev.pymirror.testing.ForwardingBlobStore;
import dev.pymirror.testing.TestIndexServer;
import dev.pymirror.testing.Wheel;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh file reaches its clients once its bytes are checked, not once they are forced to disk
 * and kept: the mirror's storage here holds every file's create (a slow disk, a slow bucket) until
 * the test lets it go, and the download must be sendable whole meanwhile, with the page stating the
 * file's size as the cache will.
 */
class ColdFileReleaseTest {

    @TempDir
    Path dir;

    final Wheel lib = Wheel.of("acme-lib", "1.1").payload(300_000, 3).build();
    TestIndexServer upstream;
    HeldStore store;
    MirrorIndex index;

    @BeforeEach
    void start() throws IOException {
        // HTML only: the upstream's page states no size, so the one the page gains is the cache's.
        upstream = TestIndexServer.start().add(lib).htmlOnly(true);
        store = new HeldStore(new LocalBlobStore(dir));
        MirrorConfig config = MirrorConfig.defaults("pypi").withUpstream(URI.create(upstream.simpleUrl()));
        index = new MirrorIndex(config, dir, store, "", false, Clock.systemUTC());
    }

    @AfterEach
    void stop() throws IOException {
        store.release.countDown();
        upstream.close();
    }

    @Test
    void aCheckedDownloadIsSentWholeBeforeItIsKeptAndThePageStatesItsSize() throws Exception {
        ProjectName project = ProjectName.of("acme-lib");
        assertThat(size(project)).isEmpty();
        FileAnswer answer = index.file(project, lib.filename());
        FileDownload download = ((FileAnswer.Arriving) answer).download();

        // The store holds the file: the client may have every byte all the same.
        assertThat(store.entered.await(10, TimeUnit.SECONDS)).as("the download reached the store").isTrue();
        assertThat(download.sendable()).isEqualTo(lib.bytes().length);
        assertThat(download.checked()).isTrue();
        assertThat(download.released()).isTrue();
        assertThat(download.state()).isEqualTo(FileDownload.State.RECEIVING);
        try (InputStream staged = Files.newInputStream(download.stagingPath())) {
            assertThat(staged.readAllBytes()).isEqualTo(lib.bytes());
        }
        assertThat(size(project)).hasValue(lib.bytes().length);
        assertThat(store.localFile("files/acme-lib/" + lib.filename())).isEmpty();

        store.release.countDown();
        download.awaitEnd();
        assertThat(download.state()).isEqualTo(FileDownload.State.DONE);
        assertThat(download.target()).hasBinaryContent(lib.bytes());
        assertThat(size(project)).hasValue(lib.bytes().length);
    }

    @Test
    void aDownloadThatDoesNotMatchItsHashIsNeverSendableWhole() throws Exception {
        upstream.fault("/files/", TestIndexServer.Fault.WRONG_BYTES);
        ProjectName project = ProjectName.of("acme-lib");
        FileDownload download = ((FileAnswer.Arriving) index.file(project, lib.filename())).download();
        download.awaitEnd();
        assertThat(download.state()).isEqualTo(FileDownload.State.FAILED);
        assertThat(download.checked()).isFalse();
        assertThat(download.released()).isFalse();
        assertThat(download.sendable()).isLessThan(download.received());
        assertThat(store.entered.getCount()).as("nothing reached the store").isEqualTo(1);
    }

    private OptionalLong size(ProjectName project) throws Exception {
        List<ProjectFile> files = ((ServedPage) index.page(project).page()).page().files();
        return files.getFirst().size();
    }

    /** The local store, whose creates of files wait until the test releases them. */
    static final class HeldStore extends ForwardingBlobStore {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        HeldStore(BlobStore inner) {
            super(inner);
        }

        @Override
        public Created create(String key, Content content) throws IOException {
            if (key.startsWith("files/")) {
                entered.countDown();
                try {
                    if (!release.await(30, TimeUnit.SECONDS)) {
                        throw new IOException("held too long");
                    }
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
            }
            return inner.create(key, content);
        }
    }
}
