package dev.pymirror.server.guard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pymirror.advisories.AdvisoryStore;
import dev.pymirror.packaging.version.Version;
import dev.pymirror.store.FileVersion;
import dev.pymirror.testing.OsvMirror;
import dev.pymirror.testing.OsvRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The feed's download from an {@code advisories-url}, against an OSV mirror on 127.0.0.1; each
 * scheduled refresh is triggered by the test ({@link AdvisoryFeed#download}).
 */
class AdvisoryDownloadTest {

    @TempDir
    Path tmp;

    OsvMirror mirror;
    AdvisoryStore store;
    AdvisoryFeed feed;

    @BeforeEach
    void start() throws Exception {
        mirror = OsvMirror.start();
        store = new AdvisoryStore(tmp.resolve("data"));
        feed = AdvisoryFeed.load(store).downloading(new OsvDownload(mirror.url("ops:s3cret", "token=abc")),
                Duration.ofMinutes(1), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        mirror.close();
    }

    byte[] zip(OsvRecord... records) throws Exception {
        Path file = tmp.resolve("build-" + System.nanoTime() + ".zip");
        return Files.readAllBytes(OsvRecord.zip(file, List.of(records)));
    }

    static OsvRecord mal(String id, String name) {
        return OsvRecord.of(id, "2026-01-01T00:00:00Z").pypi(name).introduced("0");
    }

    boolean blocks(String name) {
        return !feed.current().affecting(name, Version.parse("1.0")).isEmpty();
    }

    JsonNode health() {
        ObjectNode root = new ObjectMapper().createObjectNode();
        feed.describe(root);
        return root.path("advisories");
    }

    @Test
    void aReplacedArchiveIsImportedAndAnUnchangedOneIsAnswered304AndNotImportedAgain() throws Exception {
        mirror.serve(zip(mal("MAL-2026-1", "evil")));
        feed.download();
        assertThat(blocks("evil")).isTrue();
        assertThat(mirror.sent()).isEqualTo(1);
        JsonNode h = health();
        assertThat(h.path("url").asText()).isEqualTo(mirror.url("***", "token=***").toString());
        assertThat(h.path("last-success").isTextual()).isTrue();
        assertThat(h.path("last-error").isNull()).isTrue();

        var stored = FileVersion.of(store.file());
        long generation = feed.current().generation();
        feed.download();
        assertThat(mirror.requests()).isEqualTo(2);
        assertThat(mirror.sent()).isEqualTo(1); // a 304
        assertThat(FileVersion.of(store.file())).isEqualTo(stored); // not imported again
        assertThat(feed.current().generation()).isEqualTo(generation);

        mirror.serve(zip(mal("MAL-2026-1", "evil"), mal("MAL-2026-2", "worse")));
        feed.download();
        assertThat(mirror.sent()).isEqualTo(2);
        assertThat(blocks("worse")).isTrue();
        assertThat(blocks("evil")).isTrue();
    }

    @Test
    void aRestartedServerAsksWithTheValidatorsKeptWithTheStoreAndAnotherUrlIsFetchedWhole() throws Exception {
        mirror.serve(zip(mal("MAL-2026-1", "evil")));
        feed.download();
        assertThat(mirror.sent()).isEqualTo(1);
        var stored = FileVersion.of(store.file());

        // A restart: a new feed and download over the same data directory and URL.
        AdvisoryFeed restarted = AdvisoryFeed.load(store).downloading(
                new OsvDownload(mirror.url("ops:s3cret", "token=abc")), Duration.ofMinutes(1), Clock.systemUTC());
        restarted.download();
        assertThat(mirror.requests()).isEqualTo(2);
        assertThat(mirror.sent()).isEqualTo(1); // a 304
        assertThat(FileVersion.of(store.file())).isEqualTo(stored);
        assertThat(restarted.current().affecting("evil", Version.parse("1.0"))).isNotEmpty();
        Path kept = store.file().resolveSibling("feed-validators.json");
        assertThat(Files.readString(kept)).doesNotContain("s3cret").doesNotContain("token");

        // Another URL (here: another query) is fetched whole, though the archive is the same.
        AdvisoryFeed moved = AdvisoryFeed.load(store).downloading(
                new OsvDownload(mirror.url("ops:s3cret", "token=other")), Duration.ofMinutes(1), Clock.systemUTC());
        moved.download();
        assertThat(mirror.sent()).isEqualTo(2);
    }

    @Test
    void validatorsKeptWithoutTheStoreAreNotSent() throws Exception {
        mirror.serve(zip(mal("MAL-2026-1", "evil")));
        feed.download();
        Files.delete(store.file()); // the imported data gone, its validators left

        AdvisoryFeed restarted = AdvisoryFeed.load(store).downloading(
                new OsvDownload(mirror.url("ops:s3cret", "token=abc")), Duration.ofMinutes(1), Clock.systemUTC());
        restarted.download();
        assertThat(mirror.sent()).isEqualTo(2);
        assertThat(restarted.current().affecting("evil", Version.parse("1.0"))).isNotEmpty();
    }

    @Test
    void aCorruptArchiveKeepsTheAdvisoriesAndIsShownUntilAGoodOneComes() throws Exception {
        mirror.serve(zip(mal("MAL-2026-1", "evil")));
        feed.download();
        var stored = FileVersion.of(store.file());

        mirror.serve("this is no zip".getBytes(StandardCharsets.UTF_8));
        feed.download();
        assertThat(blocks("evil")).isTrue();
        assertThat(FileVersion.of(store.file())).isEqualTo(stored);
        String error = health().path("last-error").asText();
        assertThat(error).contains("the archive: not a readable zip")
                .doesNotContain(tmp.toString()).doesNotContain("s3cret").doesNotContain("abc");
        assertThat(store.file().getParent()).isDirectoryNotContaining("glob:**download-*"); // staged file gone

        feed.download(); // the same damaged archive: 304, still reported
        assertThat(mirror.sent()).isEqualTo(2);
        assertThat(health().path("last-error").asText()).isEqualTo(error);

        mirror.serve(zip(mal("MAL-2026-2", "worse")));
        feed.download();
        assertThat(blocks("worse")).isTrue();
        assertThat(health().path("last-error").isNull()).isTrue();
    }

    @Test
    void anUnreachableOrFailingMirrorKeepsTheAdvisoriesAndShowsTheError() throws Exception {
        mirror.serve(zip(mal("MAL-2026-1", "evil")));
        feed.download();
        String success = health().path("last-success").asText();

        mirror.fail(500);
        feed.download();
        assertThat(blocks("evil")).isTrue();
        assertThat(health().path("last-error").asText()).contains("answered 500").doesNotContain("s3cret");

        mirror.close();
        feed.download();
        assertThat(blocks("evil")).isTrue();
        JsonNode h = health();
        assertThat(h.path("last-error").asText()).startsWith("not fetched: ").doesNotContain("s3cret");
        assertThat(h.path("last-success").asText()).isEqualTo(success);
        assertThat(h.path("last-attempt").asText()).isGreaterThanOrEqualTo(success);
    }

    @Test
    void anArchiveLargerThanTheBoundIsRefused() throws Exception {
        mirror.serve(zip(mal("MAL-2026-1", "evil")));
        feed = AdvisoryFeed.load(store).downloading(new OsvDownload(mirror.url(null, null), 100, OsvDownload.BODY_TIMEOUT),
                Duration.ofMinutes(1), Clock.systemUTC());
        feed.download();
        assertThat(blocks("evil")).isFalse();
        assertThat(health().path("last-error").asText()).contains("more than 100 bytes");
        assertThat(store.file()).doesNotExist();
    }

    @Test
    void theUrlsCredentialsAreSentToItsOwnOriginOnly() throws Exception {
        try (OsvMirror elsewhere = OsvMirror.start()) {
            elsewhere.serve(zip(mal("MAL-2026-1", "evil")));
            mirror.redirectTo(elsewhere.url(null, null));
            feed.download();
            assertThat(blocks("evil")).isTrue();
            String basic = "Basic " + Base64.getEncoder().encodeToString("ops:s3cret".getBytes(StandardCharsets.UTF_8));
            assertThat(mirror.authorizations()).containsExactly(basic);
            assertThat(elsewhere.authorizations()).containsExactly("");
        }
    }

    @Test
    void aRedirectLoopEnds() throws Exception {
        mirror.redirectTo(mirror.url(null, null));
        feed.download();
        assertThat(health().path("last-error").asText()).isEqualTo("not fetched: refused: more than 5 redirects");
        assertThat(mirror.requests()).isEqualTo(OsvDownload.MAX_REDIRECTS + 1);
    }

    @Test
    void aStalledArchiveEndsTheFetch() throws Exception {
        mirror.serve(zip(mal("MAL-2026-1", "evil")));
        mirror.stall();
        feed = AdvisoryFeed.load(store).downloading(new OsvDownload(mirror.url(null, null), OsvDownload.MAX_BYTES,
                Duration.ofMillis(300)), Duration.ofMinutes(1), Clock.systemUTC());
        feed.download();
        assertThat(health().path("last-error").asText()).isEqualTo("not fetched: the archive took longer than 300 ms to arrive");
        assertThat(store.file().getParent()).isDirectoryNotContaining("glob:**download-*");
    }

    @Test
    void aDownloadCutShortByTheServersStopRecordsNoFailure() throws Exception {
        mirror.serve(zip(mal("MAL-2026-1", "evil")));
        feed.download();
        JsonNode fetched = health();
        Optional<FeedStatus> saved = FeedStatus.read(store);
        assertThat(saved).isPresent();

        // The schedule's download hangs on a stalled archive (its own bound is a minute) when the server stops.
        mirror.serve(zip(mal("MAL-2026-2", "worse")));
        mirror.stall();
        int sent = mirror.sent();
        feed.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (mirror.sent() == sent) {
            assertThat(System.nanoTime()).as("the scheduled download never asked").isLessThan(deadline);
            Thread.sleep(20);
        }
        feed.stop();

        // An interruption says nothing of the feed: no error shown or kept, the store as it was.
        assertThat(health().path("last-error").isNull()).isTrue();
        assertThat(health().path("last-attempt")).isEqualTo(fetched.path("last-attempt"));
        assertThat(FeedStatus.read(store)).isEqualTo(saved);
        assertThat(blocks("evil")).isTrue();
        assertThat(blocks("worse")).isFalse();
        assertThat(store.file().getParent()).isDirectoryNotContaining("glob:**download-*");
    }

    @Test
    void aMirrorWithOnlyLastModifiedIsAskedIfModifiedSince() throws Exception {
        mirror.lastModifiedOnly();
        mirror.serve(zip(mal("MAL-2026-1", "evil")));
        feed.download();
        feed.download();
        assertThat(mirror.requests()).isEqualTo(2);
        assertThat(mirror.sent()).isEqualTo(1);
        mirror.serve(zip(mal("MAL-2026-2", "worse")));
        feed.download();
        assertThat(mirror.sent()).isEqualTo(2);
        assertThat(blocks("worse")).isTrue();
    }
}
