package dev.pymirror.server.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pymirror.packaging.ProjectName;
import dev.pymirror.server.config.MirrorConfig;
import dev.pymirror.server.index.CacheStatus;
import dev.pymirror.server.index.FileAnswer;
import dev.pymirror.server.index.FileDownload;
import dev.pymirror.server.index.FileEvent;
import dev.pymirror.server.index.PageAnswer;
import dev.pymirror.server.index.Unavailable;
import dev.pymirror.simple.ProjectFile;
import dev.pymirror.testing.TestIndexServer.Fault;
import dev.pymirror.testing.TestIndexServer;
import dev.pymirror.testing.Wheel;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mirror's circuit breaker against a hanging upstream on 127.0.0.1, with a clock the test
 * moves, so that "asked again only after the probe interval" is checked without waiting for it;
 * and what it keeps of a file its upstream stops listing.
 */
class MirrorIndexTest {

    @RegisterExtension
    final OpenedMirrors mirrors = new OpenedMirrors();

    @TempDir
    Path dir;

    final Wheel lib = Wheel.of("acme-lib", "1.1").build();
    final Wheel app = Wheel.of("acme-app", "1.0").build();
    final Wheel util = Wheel.of("acme-util", "1.0").build();
    final MovableClock clock = new MovableClock();
    TestIndexServer upstream;
    MirrorIndex index;

    @BeforeEach
    void start() throws IOException {
        upstream = TestIndexServer.start().add(lib, app, util).listProvenance(true);
        // A page TTL of zero: every request wants a revalidation, so the hanging upstream is really asked.
        MirrorConfig config = MirrorConfig.defaults("pypi").withUpstream(URI.create(upstream.simpleUrl()))
                .withPageTtl(Duration.ZERO).withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(1))
                .withBreaker(Duration.ofMillis(200), Duration.ofMinutes(1));
        index = mirrors.add(new MirrorIndex(config, dir, false, clock));
    }

    @AfterEach
    void stop() throws IOException {
        upstream.close();
    }

    @Test
    void aHangingUpstreamIsRememberedAsDownProbedNowAndThenAndSeenComingBack() throws Exception {
        assertThat(index.page(ProjectName.of("acme-lib")).status()).isEqualTo(CacheStatus.MISS);
        assertThat(index.page(ProjectName.of("acme-app")).status()).isEqualTo(CacheStatus.MISS);
        assertThat(index.projectList().status()).isEqualTo(CacheStatus.MISS);
        assertThat(health()).containsEntry("upstream-state", "up");

        // Black-holed: every request is accepted and never answered.
        upstream.slowness(Duration.ofMinutes(5)).fault("/simple/", Fault.SLOW);
        PageAnswer stale = index.page(ProjectName.of("acme-lib"));
        assertThat(stale.status()).isEqualTo(CacheStatus.STALE);
        assertThat(((ServedPage) stale.page()).page().files()).hasSize(1);
        // The revalidation goes on in the background until the read timeout says the upstream is down.
        awaitHealth(h -> "down".equals(h.get("upstream-state")));
        assertThat(health()).containsKey("upstream-down-since").containsKey("upstream-next-probe");

        // Down: nothing is asked of it until a probe is due, and nothing waits.
        int appHits = upstream.hits("/simple/acme-app/");
        int listHits = upstream.hits("/simple/");
        assertThat(index.projectList().status()).isEqualTo(CacheStatus.STALE);
        assertThat(upstream.hits("/simple/")).isEqualTo(listHits);
        assertThat(index.page(ProjectName.of("acme-app")).status()).isEqualTo(CacheStatus.STALE);
        assertThatThrownBy(() -> index.page(ProjectName.of("acme-util")))
                .isInstanceOfSatisfying(Unavailable.class, u -> assertThat(u.status()).isEqualTo(504))
                .hasMessageContaining("has no copy of the page of 'acme-util'")
                .hasMessageContaining("has not answered since");
        assertThatThrownBy(() -> index.file(ProjectName.of("acme-lib"), lib.filename()))
                .isInstanceOfSatisfying(Unavailable.class, u -> assertThat(u.status()).isEqualTo(504));
        assertThatThrownBy(() -> index.provenance(ProjectName.of("acme-lib"), lib.filename()))
                .isInstanceOfSatisfying(Unavailable.class, u -> assertThat(u.status()).isEqualTo(504))
                .hasMessageContaining("has not answered since");
        assertThat(upstream.hits("/files/" + lib.filename() + ".provenance")).isZero();
        assertThat(upstream.hits("/simple/acme-app/")).isEqualTo(appHits);
        assertThat(upstream.hits("/simple/acme-util/")).isZero();
        assertThat(upstream.hits("/files/" + lib.filename())).isZero();

        // The upstream recovers; the next probe finds it, and the breaker closes.
        upstream.clearFaults();
        clock.advance(Duration.ofMinutes(1));
        assertThat(index.page(ProjectName.of("acme-app")).status()).isEqualTo(CacheStatus.STALE);
        awaitHealth(h -> "up".equals(h.get("upstream-state")));
        assertThat(health()).containsKey("upstream-back-at");
        assertThat(upstream.hits("/simple/acme-app/")).isEqualTo(appHits + 1);
        assertThat(index.page(ProjectName.of("acme-app")).status()).isEqualTo(CacheStatus.REVALIDATED);
        assertThat(index.page(ProjectName.of("acme-util")).status()).isEqualTo(CacheStatus.MISS);
    }

    @Test
    void aSlowRevalidationIsNotWaitedForAndUpdatesTheCacheWhenItEnds() throws Exception {
        index.page(ProjectName.of("acme-lib"));
        upstream.slowness(Duration.ofMillis(600)).fault("/simple/acme-lib/", Fault.SLOW, 1);
        upstream.add(Wheel.of("acme-lib", "1.2").build());
        PageAnswer first = index.page(ProjectName.of("acme-lib"));
        assertThat(first.status()).isEqualTo(CacheStatus.STALE);
        assertThat(((ServedPage) first.page()).page().files()).hasSize(1);
        // The revalidation ended in the background (the upstream answered: it is no longer slow)
        // and the new page is in the cache.
        awaitHealth(h -> "up".equals(h.get("upstream-state")) && h.containsKey("upstream-back-at"));
        clock.advance(Duration.ofMillis(1)); // nothing else changes; the TTL is zero anyway
        PageAnswer next = index.page(ProjectName.of("acme-lib"));
        assertThat(((ServedPage) next.page()).page().files()).hasSize(2);
    }

    @Test
    void recentUpstreamFailuresAreKeptNewestFirstWithTheCircuitState() throws Exception {
        assertThat(index.recentFailures()).isEmpty();
        assertThat(index.upstreamStatus().state()).isEqualTo("up");
        upstream.fault("/simple/acme-lib/", Fault.STATUS_503, 1);
        assertThatThrownBy(() -> index.page(ProjectName.of("acme-lib"))).isInstanceOf(Unavailable.class);
        clock.advance(Duration.ofSeconds(1));
        upstream.fault("/simple/acme-app/", Fault.MALFORMED_PAGE, 1);
        assertThatThrownBy(() -> index.page(ProjectName.of("acme-app"))).isInstanceOf(Unavailable.class);

        assertThat(index.recentFailures()).hasSize(2);
        assertThat(index.recentFailures().get(0).message()).contains("acme-app");
        assertThat(index.recentFailures().get(0).at()).isEqualTo(clock.instant());
        assertThat(index.recentFailures().get(1).message()).contains("503");
        for (int i = 0; i < RecentFailures.KEPT + 5; i++) {
            upstream.fault("/simple/acme-util/", Fault.STATUS_500, 1);
            assertThatThrownBy(() -> index.page(ProjectName.of("acme-util"))).isInstanceOf(Unavailable.class);
        }
        assertThat(index.recentFailures()).hasSize(RecentFailures.KEPT);
        assertThat(index.upstreamStatus().state()).isEqualTo("up"); // error statuses are answers
    }

    private java.util.Map<String, Object> health() {
        ObjectNode node = new ObjectMapper().createObjectNode();
        index.describe(node);
        return new ObjectMapper().convertValue(node, java.util.Map.class);
    }

    @Test
    void everyFileServedHasAnUploadTimeWhenTheMirrorFirstSawItKeptOverARestart() throws Exception {
        Instant first = clock.instant();
        assertThat(uploadTimes(index, "acme-lib")).containsExactly(first);
        clock.advance(Duration.ofHours(5));
        upstream.add(Wheel.of("acme-lib", "2.0").build());
        assertThat(uploadTimes(index, "acme-lib")).containsExactly(first, first.plus(Duration.ofHours(5)));

        clock.advance(Duration.ofDays(1));
        assertThat(index.awaitWrites(Duration.ofSeconds(30))).isTrue(); // the server's stop
        MirrorIndex restarted = mirrors.add(new MirrorIndex(index.config(), dir, false, clock));
        assertThat(uploadTimes(restarted, "acme-lib")).containsExactly(first, first.plus(Duration.ofHours(5)));
    }

    @Test
    void aStopWaitsForTheProvenanceADownloadsThreadFetchesAfterTheDownloadEnded() throws Exception {
        ProjectName project = ProjectName.of("acme-lib");
        String provenance = "/files/" + lib.filename() + ".provenance";
        upstream.slowness(Duration.ofMillis(600)).fault(provenance, Fault.SLOW);
        FileDownload download = ((FileAnswer.Arriving) index.file(project, lib.filename())).download();
        download.awaitEnd();
        assertThat(download.state()).isEqualTo(FileDownload.State.DONE);

        // The download has ended and left the map; its thread now asks for the provenance.
        assertThat(index.awaitWrites(Duration.ofMillis(100))).as("its thread still fetches the provenance").isFalse();
        assertThat(index.awaitWrites(Duration.ofSeconds(30))).isTrue();
        assertThat(upstream.hits(provenance)).isEqualTo(1);
        MirrorIndex restarted = mirrors.add(new MirrorIndex(index.config(), dir, true, clock));
        assertThat(restarted.provenance(project, lib.filename())).hasContent(TestIndexServer.PROVENANCE);
    }

    @Test
    void aFreshPageIsAnsweredBeforeItsCopyAndFirstSeenEntryAreWrittenOnTheDataDirectory() throws Exception {
        HeldWrites store = new HeldWrites(new dev.pymirror.store.blob.LocalBlobStore(dir.resolve("held")), false);
        MirrorIndex held = mirrors.add(new MirrorIndex(index.config(), dir.resolve("held"), store, "", false, clock));
        PageAnswer answer = held.page(ProjectName.of("acme-lib"));
        assertThat(answer.status()).isEqualTo(CacheStatus.MISS);
        assertThat(uploadTimes(held, "acme-lib")).containsExactly(clock.instant());
        assertThat(held.awaitWrites(Duration.ofMillis(100))).as("its writes are held").isFalse();
        assertThat(dir.resolve("held/pages/acme-lib.json")).doesNotExist();

        store.release.countDown();
        assertThat(held.awaitWrites(Duration.ofSeconds(30))).isTrue();
        MirrorIndex restarted = mirrors.add(new MirrorIndex(index.config(), dir.resolve("held"), true, clock));
        assertThat(restarted.page(ProjectName.of("acme-lib")).status()).isEqualTo(CacheStatus.OFFLINE);
        assertThat(uploadTimes(restarted, "acme-lib")).containsExactly(clock.instant());
    }

    @Test
    void onAStoreOtherNodesShareAFreshPagesCopyIsWrittenBeforeItsAnswer() throws Exception {
        HeldWrites store = new HeldWrites(new dev.pymirror.store.blob.LocalBlobStore(dir.resolve("shared")), true);
        store.release.countDown();
        MirrorIndex shared = mirrors.add(new MirrorIndex(index.config(), dir.resolve("shared"), store, "", false, clock));
        assertThat(shared.page(ProjectName.of("acme-lib")).status()).isEqualTo(CacheStatus.MISS);
        // Not waited for: the other nodes read it from the bucket now.
        assertThat(dir.resolve("shared/pages/acme-lib.json")).exists();
        assertThat(dir.resolve("shared/times/acme-lib/00000000000000000001")).exists();
    }

    private static java.util.List<Instant> uploadTimes(MirrorIndex mirror, String project) throws Unavailable {
        return ((ServedPage) mirror.page(ProjectName.of(project)).page()).page().files().stream()
                .map(f -> f.uploadTime().orElseThrow()).toList();
    }

    private void awaitHealth(Predicate<java.util.Map<String, Object>> condition) throws InterruptedException {
        for (int i = 0; i < 200 && !condition.test(health()); i++) {
            Thread.sleep(50);
        }
        assertThat(health()).matches(condition::test, "health as awaited");
    }

    /** A clock that stands still unless the test moves it. */
    static final class MovableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @Test
    void aFileTheUpstreamStopsListingStaysInTheHistoryAsListedAndItsUrlServesItWhileTheUpstreamHasIt() throws Exception {
        ProjectName acme = ProjectName.of("acme-lib");
        Wheel hidden = Wheel.of("acme-lib", "1.2").build();
        Wheel deleted = Wheel.of("acme-lib", "1.3").build();
        upstream.add(hidden, deleted);
        ProjectFile listed = ((ServedPage) index.page(acme).page()).page().files().stream()
                .filter(f -> f.filename().equals(hidden.filename())).findFirst().orElseThrow();
        clock.advance(Duration.ofMinutes(1));
        upstream.unlist(hidden.filename()).remove(deleted.filename());
        assertThat(((ServedPage) refreshed(acme).page()).page().files()).extracting(ProjectFile::filename)
                .containsExactly(lib.filename());

        List<FileEvent> history = index.history(acme);
        assertThat(history).extracting(FileEvent::kind).containsOnly(FileEvent.Kind.UNLISTED);
        FileEvent unlisted = history.stream().filter(e -> e.filename().equals(hidden.filename())).findFirst().orElseThrow();
        assertThat(unlisted.entry()).as("as the mirror listed it, dated when first seen").isEqualTo(listed);
        assertThat(unlisted.at()).isEqualTo(clock.instant());

        FileAnswer answer = index.file(acme, hidden.filename());
        FileDownload download = ((FileAnswer.Arriving) answer).download();
        download.awaitEnd();
        assertThat(download.state()).isEqualTo(FileDownload.State.DONE);
        assertThat(Files.readAllBytes(download.target())).isEqualTo(hidden.bytes());
        // Gone upstream and never cached: a 502 naming the upstream's answer.
        assertThatThrownBy(() -> index.metadata(acme, deleted.filename()))
                .isInstanceOfSatisfying(Unavailable.class, u -> assertThat(u.status()).isEqualTo(502));
        assertThatThrownBy(() -> index.file(acme, "acme_lib-9.9-py3-none-any.whl"))
                .isInstanceOfSatisfying(Unavailable.class, u -> assertThat(u.status()).isEqualTo(404));
    }

    @Test
    void aFileKeepsTheUploadTimeItWasFirstServedWithWhenTheUpstreamStopsDatingIt() throws Exception {
        ProjectName acme = ProjectName.of("acme-lib");
        Instant uploaded = Instant.parse("2025-06-01T12:00:00Z");
        upstream.uploadTime(lib.filename(), uploaded);
        assertThat(uploadTime(acme)).isEqualTo(uploaded);
        clock.advance(Duration.ofMinutes(1));
        upstream.htmlOnly(true); // HTML pages state no upload times
        refreshed(acme);
        assertThat(uploadTime(acme)).isEqualTo(uploaded);
        upstream.htmlOnly(false).uploadTime(lib.filename(), uploaded.plusSeconds(3600));
        clock.advance(Duration.ofMinutes(1));
        refreshed(acme);
        assertThat(uploadTime(acme)).isEqualTo(uploaded);
    }

    private Instant uploadTime(ProjectName project) throws Exception {
        return ((ServedPage) index.page(project).page()).page().files().getFirst().uploadTime().orElseThrow();
    }

    /**
     * The page once a refresh from the upstream has ended: this index waits 200 ms for one, then
     * answers stale while it goes on (a loaded machine may take longer).
     */
    private PageAnswer refreshed(ProjectName project) throws Exception {
        for (int i = 0; i < 600; i++) {
            PageAnswer answer = index.page(project);
            if (answer.status() != CacheStatus.STALE) {
                return answer;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the page of " + project + " stayed stale");
    }
}
