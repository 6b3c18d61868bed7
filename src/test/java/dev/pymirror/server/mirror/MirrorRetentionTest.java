package dev.pymirror.server.mirror;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.server.config.MirrorConfig;
import dev.pymirror.server.config.RetentionPolicy;
import dev.pymirror.server.index.FileAnswer;
import dev.pymirror.server.mirror.retention.AccessTimes;
import dev.pymirror.server.mirror.retention.CacheRetention;
import dev.pymirror.server.mirror.retention.PruneMarker;
import dev.pymirror.server.mirror.retention.PruneReport;
import dev.pymirror.testing.TestIndexServer;
import dev.pymirror.testing.Wheel;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The server's own prune of a mirror: what it spares, and what the mirror does for an evicted file. */
class MirrorRetentionTest {

    @RegisterExtension
    final OpenedMirrors mirrors = new OpenedMirrors();

    @TempDir
    Path dir;

    final Wheel old = Wheel.of("demo", "1.0").build();
    final Wheel current = Wheel.of("demo", "2.0").build();
    final MirrorIndexTest.MovableClock clock = new MirrorIndexTest.MovableClock();
    final ProjectName demo = ProjectName.of("demo");

    @Test
    void anEvictedFileIsForgottenAndFetchedAgainWhenAskedFor() throws Exception {
        try (TestIndexServer upstream = TestIndexServer.start().add(old, current)) {
            MirrorConfig config = MirrorConfig.defaults("pypi").withUpstream(URI.create(upstream.simpleUrl()))
                    .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10))
                    .withRetention(new RetentionPolicy(0, null, 1, null));
            MirrorIndex index = mirrors.add(new MirrorIndex(config, dir, false, clock));
            index.awaitCacheCount();
            fetch(index, old);
            fetch(index, current);
            assertThat(index.storedFile(demo, old.filename())).isPresent();

            // Read a moment ago: spared, whatever the policy says.
            PruneSchedule.prune(index);
            assertThat(dir.resolve("files/demo/" + old.filename())).exists();

            long files = index.readings().cachedFiles().getAsLong();
            long bytes = index.readings().cachedBytes().getAsLong();
            clock.advance(Duration.ofMinutes(2));
            PruneSchedule.prune(index);

            assertThat(dir.resolve("files/demo/" + old.filename())).doesNotExist();
            // /metrics counts what left the cache.
            assertThat(index.readings().cachedFiles().getAsLong()).isEqualTo(files - 1);
            assertThat(index.readings().cachedBytes().getAsLong()).isEqualTo(bytes - old.bytes().length);
            assertThat(dir.resolve("files/demo/" + current.filename())).exists();
            // Not the path it remembered: the mirror looks again, and fetches it again.
            assertThat(index.storedFile(demo, old.filename())).isEmpty();
            fetch(index, old);
            assertThat(upstream.hits("/files/" + old.filename())).isEqualTo(2);
        }
    }

    @Test
    void healthShowsTheCacheSizeItsLimitsAndTheLastPruneFromMemory() throws Exception {
        try (TestIndexServer upstream = TestIndexServer.start().add(old, current)) {
            MirrorConfig config = MirrorConfig.defaults("pypi").withUpstream(URI.create(upstream.simpleUrl()))
                    .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10))
                    .withRetention(new RetentionPolicy(1_000_000, Duration.ofDays(90), 1, Duration.ofMinutes(30)));
            MirrorIndex index = mirrors.add(new MirrorIndex(config, dir, false, clock));
            index.awaitCacheCount();
            fetch(index, old);
            fetch(index, current);
            long bytes = index.readings().cachedBytes().getAsLong();
            assertThat(bytes).isGreaterThanOrEqualTo(old.bytes().length + current.bytes().length);

            JsonNode health = health(index);
            assertThat(health.path("cache").path("files").asLong()).isEqualTo(index.readings().cachedFiles().getAsLong());
            assertThat(health.path("cache").path("bytes").asLong()).isEqualTo(bytes);
            assertThat(health.path("cache").has("counting")).isFalse();
            JsonNode retention = health.path("retention");
            assertThat(retention.path("max-cache-size-bytes").asLong()).isEqualTo(1_000_000);
            assertThat(retention.path("used-percent").asDouble()).isEqualTo(Math.round(bytes / 1000.0) / 10.0);
            assertThat(retention.path("max-unused-age-seconds").asLong()).isEqualTo(Duration.ofDays(90).toSeconds());
            assertThat(retention.path("keep-versions").asInt()).isEqualTo(1);
            assertThat(retention.path("prune-interval-seconds").asLong()).isEqualTo(1800);
            assertThat(retention.has("last-prune")).isFalse();

            clock.advance(Duration.ofMinutes(2));
            PruneSchedule.prune(index);
            retention = health(index).path("retention");
            assertThat(retention.path("last-prune").asText()).isEqualTo(clock.instant().toString());
            assertThat(retention.path("last-prune-evicted-files").asInt()).isEqualTo(1);
            assertThat(retention.path("last-prune-freed-bytes").asLong()).isGreaterThanOrEqualTo(old.bytes().length);
            long left = health(index).path("cache").path("bytes").asLong();
            assertThat(left).isEqualTo(bytes - retention.path("last-prune-freed-bytes").asLong());

            // A file removed by hand is not seen: /health reads the counts kept in memory, no disk walk.
            Files.delete(dir.resolve("files/demo/" + current.filename()));
            assertThat(health(index).path("cache").path("bytes").asLong()).isEqualTo(left);
        }
    }

    @Test
    void aPruneByAnotherProcessIsCountedAgainWhenTheFiguresAreNextRead() throws Exception {
        try (TestIndexServer upstream = TestIndexServer.start().add(old, current)) {
            MirrorConfig config = MirrorConfig.defaults("pypi").withUpstream(URI.create(upstream.simpleUrl()))
                    .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10))
                    .withRetention(new RetentionPolicy(0, null, 1, null));
            MirrorIndex index = mirrors.add(new MirrorIndex(config, dir, false, clock));
            index.awaitCacheCount();
            fetch(index, old);
            fetch(index, current);
            long files = index.readings().cachedFiles().getAsLong();
            long bytes = index.readings().cachedBytes().getAsLong();
            assertThat(index.readings().cachedFiles().getAsLong()).isEqualTo(files); // no marker: no recount

            // What `pymirror cache prune` does, in another process: its own retention over the folder, then the marker.
            Path filesDir = dir.resolve("files");
            PruneReport pruned = new CacheRetention(filesDir, config.retention(), new AccessTimes(clock), clock)
                    .prune(false, key -> { });
            assertThat(pruned.evicted()).hasSize(1);
            new PruneMarker(filesDir).touch();

            index.readings().cachedFiles().getAsLong(); // notices the marker: counts again
            index.awaitCacheCount();
            long gone = 1 + pruned.evicted().getFirst().file().siblings().size();
            assertThat(index.readings().cachedFiles().getAsLong()).isEqualTo(files - gone);
            assertThat(index.readings().cachedBytes().getAsLong()).isEqualTo(bytes - pruned.bytesFreed());
            assertThat(health(index).path("cache").path("bytes").asLong()).isEqualTo(bytes - pruned.bytesFreed());
            assertThat(health(index).path("cache").has("counting")).isFalse();

            // Published after the recount: counted as before.
            fetch(index, old);
            assertThat(index.readings().cachedFiles().getAsLong()).isEqualTo(files);
        }
    }

    @Test
    void aMirrorWithoutLimitsShowsItsCacheAndNoRetention() throws Exception {
        try (TestIndexServer upstream = TestIndexServer.start().add(old)) {
            MirrorIndex index = mirrors.add(new MirrorIndex(MirrorConfig.defaults("pypi").withUpstream(URI.create(upstream.simpleUrl())),
                    dir, false, clock));
            index.awaitCacheCount();
            fetch(index, old);
            JsonNode health = health(index);
            assertThat(health.path("cache").path("bytes").asLong()).isGreaterThanOrEqualTo(old.bytes().length);
            assertThat(health.has("retention")).isFalse();
        }
    }

    private static JsonNode health(MirrorIndex index) {
        ObjectNode node = new ObjectMapper().createObjectNode();
        index.describe(node);
        return node;
    }

    private void fetch(MirrorIndex index, Wheel w) throws Exception {
        if (index.file(demo, w.filename()) instanceof FileAnswer.Arriving a) {
            a.download().awaitEnd();
        }
        assertThat(Files.readAllBytes(dir.resolve("files/demo/" + w.filename()))).isEqualTo(w.bytes());
    }
}
