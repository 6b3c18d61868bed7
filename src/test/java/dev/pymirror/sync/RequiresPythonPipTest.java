package dev.pymirror.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.sync.download.RetryPolicy;
import dev.pymirror.sync.resolve.InstallTarget;
import dev.pymirror.sync.resolve.SdistPolicy;
import dev.pymirror.testing.Pip;
import dev.pymirror.testing.TestIndexServer;
import dev.pymirror.testing.ToolRun;
import dev.pymirror.testing.Wheel;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real pip on an older Python than a file requires skips that file on the synced tree's page,
 * without fetching it, when the upstream's page did not state the Requires-Python its metadata has.
 */
@Tag("slow")
class RequiresPythonPipTest {

    static final InstallTarget NEW = InstallTarget.of("3.12", "manylinux_2_28_x86_64", "cp", List.of());
    static final InstallTarget OLD = InstallTarget.of("3.8", "manylinux_2_28_x86_64", "cp", List.of());

    @TempDir
    Path dir;

    @Test
    void pipOnAnOldPythonDoesNotFetchAFileWhoseMetadataExcludesIt() throws Exception {
        Path tree = dir.resolve("mirror");
        try (TestIndexServer upstream = TestIndexServer.start()) {
            // The test index's pages state no requires-python: only the metadata of 2.0 has it.
            upstream.htmlOnly(true).add(Wheel.of("modern", "2.0").requiresPython(">=3.9").build(),
                    Wheel.of("modern", "1.0").build());
            new MirrorSync().sync(new SyncRequest(List.of(), List.of(), List.of("modern"), List.of(NEW, OLD),
                    URI.create(upstream.simpleUrl()), null, tree, SdistPolicy.NONE, false, 2, false,
                    new RetryPolicy(2, Duration.ofMillis(50), Duration.ofMillis(100)), Duration.ofSeconds(10)),
                    SyncListener.NONE);
        }
        Path dest = dir.resolve("dest");
        ToolRun pip = new Pip(Files.createDirectories(dir.resolve("pip-home"))).run(List.of("download", "-v",
                "--no-deps", "--only-binary=:all:", "--python-version", "3.8", "--platform", "manylinux_2_28_x86_64",
                "--dest", dest.toString(), "--index-url", tree.toUri().toString(), "modern"));

        assertThat(pip.ok()).as(pip.toString()).isTrue();
        try (Stream<Path> saved = Files.list(dest)) {
            assertThat(saved.map(p -> p.getFileName().toString())).containsExactly("modern-1.0-py3-none-any.whl");
        }
        // pip -v names each file it opens ("Processing", "Obtaining dependency information",
        // "Downloading"); 2.0 must be named only as the link it skipped.
        assertThat(pip.output().lines().filter(line -> line.contains("modern-2.0")))
                .as(pip.toString()).isNotEmpty()
                .allSatisfy(line -> assertThat(line).contains("Link requires a different Python"));
    }
}
