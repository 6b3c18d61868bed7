package dev.pymirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheCommandTest {

    @TempDir
    Path dir;

    Path config;
    Path data;
    Path old;
    Path recent;

    @BeforeEach
    void files() throws Exception {
        data = dir.resolve("data");
        config = Files.writeString(dir.resolve("pymirror.toml"), """
                [index.pypi]
                upstream = "http://127.0.0.1:9/simple/"
                max-unused-age = "30d"

                [index.internal]
                kind = "hosted"
                """);
        old = cached("demo-1.0-py3-none-any.whl", 1000, Instant.now().minus(Duration.ofDays(60)));
        Files.writeString(old.resolveSibling(old.getFileName() + ".metadata"), "Name: demo\n");
        recent = cached("demo-2.0-py3-none-any.whl", 500, Instant.now().minus(Duration.ofDays(1)));
    }

    CliRun cache(String... args) {
        return CliRun.run(CliRun.onData("cache", config, data, args));
    }

    @Test
    void statsShowEachMirrorsCacheAndPolicy() {
        CliRun stats = cache("stats");
        assertThat(stats.exitCode()).isZero();
        assertThat(stats.out()).contains("pypi").contains("1 projects, 2 files").contains("max-unused-age")
                .doesNotContain("internal");
    }

    @Test
    void aDryRunListsWhatWouldGoAndRemovesNothing() {
        CliRun dry = cache("prune", "--dry-run");
        assertThat(dry.exitCode()).isZero();
        assertThat(dry.out()).contains("would evict pypi/demo/demo-1.0-py3-none-any.whl").contains("kept 1 files")
                .doesNotContain("demo-2.0");
        assertThat(old).exists();
        assertThat(data.resolve("pypi/.pruned")).doesNotExist();
    }

    @Test
    void pruneEvictsTheFileAndItsMetadata() {
        CliRun prune = cache("prune", "--index", "pypi");
        assertThat(prune.exitCode()).isZero();
        assertThat(prune.out()).contains("evicted pypi/demo/demo-1.0-py3-none-any.whl");
        assertThat(old).doesNotExist();
        assertThat(old.resolveSibling(old.getFileName() + ".metadata")).doesNotExist();
        assertThat(recent).exists();
        // Tells a running server to count its cache again (CachedFiles).
        assertThat(data.resolve("pypi/.pruned")).exists();
    }

    @Test
    void anIndexWithoutACacheIsAClearError() {
        CliRun hosted = cache("prune", "--index", "internal");
        assertThat(hosted.exitCode()).isEqualTo(1);
        assertThat(hosted.err()).contains("index 'internal' is a hosted index; only a mirror has a cache")
                .doesNotContain("\tat ");
        CliRun missing = cache("stats", "--index", "nope");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("there is no index 'nope'");
    }

    private Path cached(String name, int size, Instant read) throws Exception {
        Path f = Files.createDirectories(data.resolve("pypi/files/demo")).resolve(name);
        Files.write(f, new byte[size]);
        Files.getFileAttributeView(f, BasicFileAttributeView.class)
                .setTimes(FileTime.from(read), FileTime.from(read), null);
        return f;
    }
}
