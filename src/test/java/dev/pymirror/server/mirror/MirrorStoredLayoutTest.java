package dev.pymirror.server.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.server.config.MirrorConfig;
import dev.pymirror.server.index.CacheStatus;
import dev.pymirror.server.index.FileAnswer;
import dev.pymirror.server.index.PageAnswer;
import dev.pymirror.simple.JsonCodec;
import dev.pymirror.simple.ProjectFile;
import dev.pymirror.simple.ProjectPage;
import dev.pymirror.store.blob.LocalBlobStore;
import dev.pymirror.testing.TestIndexServer;
import dev.pymirror.testing.Wheel;
import dev.pymirror.upstream.Validators;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mirror's cache as the storage seam keeps it, on the local store: a data directory written
 * before the seam is served as it is, and a page whose stored state belongs to another page is
 * never revalidated with it.
 */
class MirrorStoredLayoutTest {

    static final ProjectName LIB = ProjectName.of("acme-lib");
    static final Instant FIRST_SEEN = Instant.parse("2025-06-01T12:00:00Z");

    @RegisterExtension
    final OpenedMirrors mirrors = new OpenedMirrors();

    @TempDir
    Path dir;

    final Wheel lib = Wheel.of("acme-lib", "1.1").build();

    @Test
    void aCacheWrittenBeforeTheStorageSeamIsServedWithTheUpstreamGone() throws Exception {
        URI upstream;
        try (TestIndexServer gone = TestIndexServer.start()) {
            upstream = URI.create(gone.simpleUrl()); // a port that answers nothing once closed
        }
        // The layout as pymirror wrote it before: pages and their state side by side (no page hash),
        // the file with no stored hash beside it, the upload times as one whole record.
        ProjectPage page = ProjectPage.of(LIB, List.of(ProjectFile.builder(lib.filename(),
                upstream.resolve("../files/" + lib.filename()).toString()).hashes(Map.of("sha256", lib.sha256())).build()));
        Files.createDirectories(dir.resolve("pages"));
        Files.writeString(dir.resolve("pages/acme-lib.json"), JsonCodec.INSTANCE.writeProjectPage(page));
        Files.writeString(dir.resolve("pages/acme-lib.state.json"),
                "{\"fetched-at\":" + FIRST_SEEN.toEpochMilli() + ",\"upstream\":\"" + upstream + "\",\"etag\":\"\\\"v1\\\"\"}");
        Files.createDirectories(dir.resolve("files/acme-lib"));
        Files.write(dir.resolve("files/acme-lib").resolve(lib.filename()), lib.bytes());
        Files.createDirectories(dir.resolve("times"));
        Files.writeString(dir.resolve("times/acme-lib.json"),
                "{\"first-seen\":{\"" + lib.filename() + "\":\"" + FIRST_SEEN + "\"},\"events\":[]}");

        MirrorConfig config = MirrorConfig.defaults("pypi").withUpstream(upstream)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2));
        MirrorIndex index = mirrors.add(new MirrorIndex(config, dir, false, Clock.systemUTC()));

        PageAnswer answer = index.page(LIB);
        assertThat(answer.status()).isEqualTo(CacheStatus.STALE);
        ServedPage served = (ServedPage) answer.page();
        assertThat(served.page().files()).extracting(ProjectFile::filename).containsExactly(lib.filename());
        assertThat(served.page().files().getFirst().uploadTime()).contains(FIRST_SEEN);
        FileAnswer file = index.file(LIB, lib.filename());
        assertThat(file).isInstanceOf(FileAnswer.Stored.class);
        assertThat(Files.readAllBytes(((FileAnswer.Stored) file).path())).isEqualTo(lib.bytes());
        assertThat(index.isCached(LIB, lib.filename())).isTrue();
    }

    @Test
    void aStateReadBesideAnotherWritersPageIsNotTrustedWithItsValidators() throws Exception {
        LocalBlobStore store = new LocalBlobStore(dir);
        PageStore pages = new PageStore(store, "pages/");
        URI upstream = URI.create("http://127.0.0.1:9/simple/");
        ProjectPage v1 = ProjectPage.of(LIB, List.of(ProjectFile.builder("acme_lib-1.0.tar.gz", "http://x/a").build()));
        ProjectPage v2 = ProjectPage.of(LIB, List.of(ProjectFile.builder("acme_lib-2.0.tar.gz", "http://x/b").build()));
        pages.save(LIB, new Cached<>(v1, new Validators("\"v1\"", null), Instant.now(), upstream));

        // Another node has written its newer page, and not yet its state.
        store.writeDocument("pages/acme-lib.json", JsonCodec.INSTANCE.writeProjectPage(v2).getBytes());
        Cached<ProjectPage> read = new PageStore(store, "pages/").load(LIB).orElseThrow();
        assertThat(read.page().files()).extracting(ProjectFile::filename).containsExactly("acme_lib-2.0.tar.gz");
        assertThat(read.validators()).isEqualTo(Validators.NONE); // "v1" would confirm v2 as v1's page
        assertThat(read.isFrom(upstream)).isFalse(); // so it is fetched afresh, not revalidated
    }
}
