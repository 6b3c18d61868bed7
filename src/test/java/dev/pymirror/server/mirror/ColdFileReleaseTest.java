package dev.pymirror.server.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.server.config.MirrorConfig;
import dev.pymirror.server.config.RetentionPolicy;
import dev.pymirror.server.index.FileAnswer;
import dev.pymirror.server.index.FileDownload;
import dev.pymirror.server.index.MetadataAnswer;
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
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh file reaches its clients once its bytes are checked, not once they are forced to disk
 * and kept: the mirror's storage here holds every file's create (a slow disk, a slow bucket) until
 * the test lets it go, and the download must be sendable whole meanwhile, with the page stating the
 * file's size as the cache will.
 */
class ColdFileReleaseTest {

    @RegisterExtension
    final OpenedMirrors mirrors = new OpenedMirrors();

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
        index = mirrors.add(new MirrorIndex(config, dir, store, "", false, Clock.systemUTC()));
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
        assertThat(((FileAnswer.Arriving) answer).checked()).as("the request that has it fetched: a miss").isFalse();

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
        assertThat(index.isCached(project, lib.filename())).as("the web UI's word: its clients have it from here")
                .isTrue();

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

    @Test
    void aClientAskingWhileTheFileIsKeptFollowsTheCheckedBytesWithoutWaitingForTheStore() throws Exception {
        ProjectName project = ProjectName.of("acme-lib");
        FileDownload download = ((FileAnswer.Arriving) index.file(project, lib.filename())).download();
        assertThat(store.entered.await(10, TimeUnit.SECONDS)).as("the download reached the store").isTrue();

        // The store still holds the file: the second client joins the same download, whose bytes
        // it may have whole, rather than waiting for the store and then asking the cache (which a
        // prune may have emptied by then).
        CompletableFuture<FileAnswer> second = CompletableFuture.supplyAsync(() -> {
            try {
                return index.file(project, lib.filename());
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        FileAnswer answer = second.get(10, TimeUnit.SECONDS);
        assertThat(answer).isInstanceOf(FileAnswer.Arriving.class);
        assertThat(((FileAnswer.Arriving) answer).download()).isSameAs(download);
        assertThat(((FileAnswer.Arriving) answer).checked()).as("a cache hit: nothing waits for the upstream").isTrue();
        assertThat(download.sendable()).isEqualTo(lib.bytes().length);

        store.release.countDown();
        download.awaitEnd();
        assertThat(index.file(project, lib.filename())).isInstanceOf(FileAnswer.Stored.class);
        assertThat(upstream.hits("/files/" + lib.filename())).isEqualTo(1);
    }

    @Test
    void aStopWaitsForTheKeepOfAFileItsClientAlreadyHas() throws Exception {
        ProjectName project = ProjectName.of("acme-lib");
        FileDownload download = ((FileAnswer.Arriving) index.file(project, lib.filename())).download();
        assertThat(store.entered.await(10, TimeUnit.SECONDS)).as("the download reached the store").isTrue();
        assertThat(download.sendable()).as("its client may have it whole").isEqualTo(lib.bytes().length);

        assertThat(index.awaitWrites(Duration.ofMillis(200))).as("the keep is held").isFalse();
        store.release.countDown();
        assertThat(index.awaitWrites(Duration.ofSeconds(30))).isTrue();
        assertThat(store.localFile("files/acme-lib/" + lib.filename())).isPresent();
        assertThat(index.awaitWrites(Duration.ZERO)).as("none left: nothing to wait for").isTrue();
    }

    @Test
    void freshMetadataIsAnsweredFromMemoryBeforeItIsKeptAndAskedOfTheUpstreamOnce() throws Exception {
        ProjectName project = ProjectName.of("acme-lib");
        MetadataAnswer first = index.metadata(project, lib.filename());
        assertThat(first).isInstanceOf(MetadataAnswer.Held.class);
        assertThat(((MetadataAnswer.Held) first).fetched()).as("the request that had it fetched: a miss").isTrue();
        assertThat(first.bytes()).isEqualTo(lib.metadata());

        // The store holds the keep: a second client gets the same bytes, not a second fetch.
        assertThat(store.entered.await(10, TimeUnit.SECONDS)).as("the metadata reached the store").isTrue();
        MetadataAnswer second = index.metadata(project, lib.filename());
        assertThat(second).isEqualTo(new MetadataAnswer.Held(first.bytes(), false));
        assertThat(index.awaitWrites(Duration.ofMillis(200))).as("the keep is held").isFalse();

        store.release.countDown();
        assertThat(index.awaitWrites(Duration.ofSeconds(30))).isTrue();
        MetadataAnswer kept = index.metadata(project, lib.filename());
        assertThat(kept).isInstanceOf(MetadataAnswer.Stored.class);
        assertThat(((MetadataAnswer.Stored) kept).path()).hasBinaryContent(lib.metadata());
        assertThat(upstream.hits("/files/" + lib.filename() + ".metadata")).isEqualTo(1);
        assertThat(upstream.hits("/files/" + lib.filename())).as("the wheel is not fetched for it").isZero();
    }

    @Test
    void metadataBeyondWhatMayBeHeldIsKeptBeforeItIsAnswered() throws Exception {
        String[] many = IntStream.range(0, 45_000).mapToObj(i -> "dep" + i + ">=1").toArray(String[]::new);
        Wheel big = Wheel.of("acme-big", "1.0").requires(many).build();
        assertThat((long) big.metadata().length).isGreaterThan(MirrorIndex.MOST_HELD_METADATA_BYTES);
        upstream.add(big);
        store.release.countDown();

        MetadataAnswer answer = index.metadata(ProjectName.of("acme-big"), big.filename());
        assertThat(answer).isInstanceOf(MetadataAnswer.Stored.class);
        assertThat(((MetadataAnswer.Stored) answer).path()).hasBinaryContent(big.metadata());
        assertThat(index.metadata(ProjectName.of("acme-lib"), lib.filename())).as("a small one is held all the same")
                .isInstanceOf(MetadataAnswer.Held.class);
    }

    @Test
    void metadataThatDoesNotMatchItsHashIsNeitherAnsweredNorKeptButReadFromTheWheel() throws Exception {
        upstream.fault("/files/" + lib.filename() + ".metadata", TestIndexServer.Fault.WRONG_BYTES);
        store.release.countDown();
        ProjectName project = ProjectName.of("acme-lib");
        MetadataAnswer answer = index.metadata(project, lib.filename());
        assertThat(answer.bytes()).as("read out of the checked wheel").isEqualTo(lib.metadata());
        assertThat(upstream.hits("/files/" + lib.filename())).isEqualTo(1);
        assertThat(index.awaitWrites(Duration.ofSeconds(30))).isTrue();
        assertThat(store.localFile("files/acme-lib/" + lib.filename() + ".metadata")).isPresent()
                .get().satisfies(p -> assertThat(p).hasBinaryContent(lib.metadata()));
    }

    @Test
    void aPruneWhileAFreshFileIsKeptSparesIt() throws Exception {
        // A 1-byte limit: a prune evicts every file not read within the last minute.
        MirrorConfig config = MirrorConfig.defaults("pypi").withUpstream(URI.create(upstream.simpleUrl()))
                .withRetention(new RetentionPolicy(1, null, 0, null));
        Path pruned = Files.createDirectories(dir.resolve("pruned"));
        List<String> evicted = new CopyOnWriteArrayList<>();
        AtomicReference<MirrorIndex> mirror = new AtomicReference<>();
        // The server's prune lands right after the file is stored, before its download has ended.
        BlobStore pruning = new ForwardingBlobStore(new LocalBlobStore(pruned)) {
            @Override
            public Created create(String key, Content content) throws IOException {
                Created created = inner.create(key, content);
                if (key.startsWith("files/") && !key.endsWith(".metadata")) {
                    mirror.get().retention().prune(false, evicted::add);
                }
                return created;
            }
        };
        mirror.set(mirrors.add(new MirrorIndex(config, pruned, pruning, "", false, Clock.systemUTC())));
        ProjectName project = ProjectName.of("acme-lib");
        FileDownload download = ((FileAnswer.Arriving) mirror.get().file(project, lib.filename())).download();
        download.awaitEnd();

        assertThat(download.state()).isEqualTo(FileDownload.State.DONE);
        assertThat(evicted).as("the prune spares a file its clients may still be joining").isEmpty();
        assertThat(download.target()).hasBinaryContent(lib.bytes());
        assertThat(mirror.get().file(project, lib.filename())).isInstanceOf(FileAnswer.Stored.class);
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
