package dev.pymirror.server.mirror.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.server.config.RetentionPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheRetentionTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    @TempDir
    Path files;

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void keepsTheNewestVersionsOfEachProject() throws IOException {
        for (String v : List.of("1.0", "1.1", "2.0", "10.0")) {
            cache("demo", "demo-" + v + "-py3-none-any.whl", 10, NOW.minusSeconds(60));
        }
        cache("demo", "demo-1.1.tar.gz", 10, NOW.minusSeconds(60));
        cache("other", "other-0.1-py3-none-any.whl", 10, NOW.minusSeconds(60));
        List<String> evicted = new ArrayList<>();

        PruneReport r = retention(new RetentionPolicy(0, null, 2, null)).prune(false, evicted::add);

        // 10.0 sorts above 2.0 as a version, not as text; both files of 1.1 go.
        assertThat(evicted).containsExactlyInAnyOrder("demo/demo-1.0-py3-none-any.whl",
                "demo/demo-1.1-py3-none-any.whl", "demo/demo-1.1.tar.gz");
        assertThat(Files.list(files.resolve("demo")).map(p -> p.getFileName().toString()))
                .containsExactlyInAnyOrder("demo-2.0-py3-none-any.whl", "demo-10.0-py3-none-any.whl");
        assertThat(r.kept()).isEqualTo(3);
        assertThat(r.bytesKept()).isEqualTo(30);
    }

    @Test
    void evictsWhatWasNotReadForTooLongWithItsSiblings() throws IOException {
        Path old = cache("demo", "demo-1.0-py3-none-any.whl", 100, NOW.minus(Duration.ofDays(100)));
        Files.writeString(files.resolve("demo/demo-1.0-py3-none-any.whl.metadata"), "Name: demo\n");
        Files.writeString(files.resolve("demo/demo-1.0-py3-none-any.whl.provenance"), "{}");
        Path recent = cache("demo", "demo-2.0-py3-none-any.whl", 100, NOW.minus(Duration.ofDays(10)));

        PruneReport r = retention(new RetentionPolicy(0, Duration.ofDays(90), 0, null)).prune(false, k -> { });

        assertThat(r.evicted()).extracting(e -> e.file().filename()).containsExactly("demo-1.0-py3-none-any.whl");
        assertThat(r.bytesFreed()).isEqualTo(100 + "Name: demo\n".length() + 2);
        assertThat(old).doesNotExist();
        assertThat(old.resolveSibling(old.getFileName() + ".metadata")).doesNotExist();
        assertThat(old.resolveSibling(old.getFileName() + ".provenance")).doesNotExist();
        assertThat(recent).exists();
    }

    @Test
    void aReadNotedInMemoryCountsBeforeItIsFlushed() throws IOException {
        cache("demo", "demo-1.0-py3-none-any.whl", 10, NOW.minus(Duration.ofDays(100)));
        AccessTimes accesses = new AccessTimes(clock);
        accesses.record("demo/demo-1.0-py3-none-any.whl");
        CacheRetention retention = new CacheRetention(files, new RetentionPolicy(0, Duration.ofDays(90), 0, null),
                accesses, clock);

        assertThat(retention.prune(false, k -> { }).evicted()).isEmpty();
        // The prune wrote the read to the file's atime, for a prune by another process.
        assertThat(Files.readAttributes(files.resolve("demo/demo-1.0-py3-none-any.whl"),
                java.nio.file.attribute.BasicFileAttributes.class).lastAccessTime().toInstant()).isEqualTo(NOW);
        assertThat(retention(new RetentionPolicy(0, Duration.ofDays(90), 0, null)).prune(true, k -> { }).evicted())
                .isEmpty();
    }

    @Test
    void evictsTheLeastRecentlyReadUntilTheCacheFits() throws IOException {
        cache("a", "a-1.0-py3-none-any.whl", 400, NOW.minusSeconds(300));
        cache("b", "b-1.0-py3-none-any.whl", 400, NOW.minusSeconds(100));
        cache("c", "c-1.0-py3-none-any.whl", 400, NOW.minusSeconds(200));
        cache("d", "d-1.0-py3-none-any.whl", 400, NOW.minusSeconds(10));

        PruneReport r = retention(new RetentionPolicy(1000, null, 0, null)).prune(false, k -> { });

        assertThat(r.evicted()).extracting(e -> e.file().project()).containsExactly("a", "c");
        assertThat(r.bytesKept()).isEqualTo(800);
        assertThat(retention(RetentionPolicy.NONE).stats().bytes()).isEqualTo(800);
    }

    @Test
    void aFileServedAMomentAgoStaysEvenOverTheLimit() throws IOException {
        Path hot = cache("a", "a-1.0-py3-none-any.whl", 400, NOW.minus(Duration.ofDays(400)));
        cache("b", "b-1.0-py3-none-any.whl", 400, NOW.minus(Duration.ofDays(300)));
        AccessTimes accesses = new AccessTimes(Clock.fixed(NOW.minusSeconds(5), ZoneOffset.UTC));
        accesses.record("a/a-1.0-py3-none-any.whl");
        CacheRetention retention = new CacheRetention(files, new RetentionPolicy(100, Duration.ofDays(1), 0, null),
                accesses, clock);

        PruneReport r = retention.prune(false, k -> { });

        assertThat(r.evicted()).extracting(e -> e.file().project()).containsExactly("b");
        assertThat(hot).exists();
    }

    @Test
    void aDryRunRemovesNothing() throws IOException {
        Path f = cache("a", "a-1.0-py3-none-any.whl", 400, NOW.minus(Duration.ofDays(400)));
        List<String> evicted = new ArrayList<>();

        PruneReport r = retention(new RetentionPolicy(100, Duration.ofDays(1), 0, null)).prune(true, evicted::add);

        assertThat(r.dryRun()).isTrue();
        assertThat(r.evicted()).hasSize(1);
        assertThat(evicted).isEmpty();
        assertThat(f).exists();
    }

    @Test
    void aDownloadBeingStagedIsNeitherCountedNorRemoved() throws IOException {
        Path staged = cache("a", ".~staged-1234", 5000, NOW.minus(Duration.ofDays(400)));
        cache("a", "a-1.0-py3-none-any.whl", 10, NOW);

        CacheRetention retention = retention(new RetentionPolicy(1, Duration.ofDays(1), 0, null));

        assertThat(retention.stats()).isEqualTo(new CacheStats(1, 1, 10, java.util.Optional.of(NOW)));
        retention.prune(false, k -> { });
        assertThat(staged).exists();
    }

    @Test
    void withoutALimitNothingGoes() throws IOException {
        cache("a", "a-1.0-py3-none-any.whl", 10, NOW.minus(Duration.ofDays(4000)));
        assertThat(retention(RetentionPolicy.NONE).prune(false, k -> { }).evicted()).isEmpty();
    }

    private CacheRetention retention(RetentionPolicy policy) {
        return new CacheRetention(files, policy, new AccessTimes(clock), clock);
    }

    /** A cached file of {@code size} bytes, last read (and written) at {@code read}. */
    private Path cache(String project, String name, int size, Instant read) throws IOException {
        Path f = Files.createDirectories(files.resolve(project)).resolve(name);
        Files.write(f, new byte[size]);
        Files.getFileAttributeView(f, BasicFileAttributeView.class)
                .setTimes(FileTime.from(read), FileTime.from(read), null);
        return f;
    }
}
