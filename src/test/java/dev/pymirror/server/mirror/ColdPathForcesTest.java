package dev.pymirror.server.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.testing.Pip;
import dev.pymirror.testing.StaticIndex;
import dev.pymirror.testing.StaticIndexServer;
import dev.pymirror.testing.ToolRun;
import dev.pymirror.testing.TracedServer;
import dev.pymirror.testing.Wheel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a fresh mirror forces to disk while pip fetches a project through it, counted by strace on
 * the real server: each force is a few milliseconds on a real disk. The file's bytes are forced
 * before its rename (a crash must never leave a short file under a name the cache serves
 * unchecked), and so is the log entry of its first-seen time (a log loses no entry once written);
 * its directory entry and the cached page are not (a crash loses a copy the upstream still has; a
 * damaged page does not parse and is fetched again). None of them is paid by the client waiting:
 * the file's client has it once its bytes are checked, the page's before the entry is written.
 */
@Tag("slow")
class ColdPathForcesTest {

    @TempDir
    Path tmp;

    @Test
    void aFreshPageAndFileForceTheFilesBytesAndTheirFirstSeenTimeOnly() throws Exception {
        Wheel wheel = Wheel.of("acme", "1.0").payload(50_000, 7).build();
        StaticIndex tree = new StaticIndex(tmp.resolve("tree")).add(wheel);
        tree.write();
        try (StaticIndexServer upstream = StaticIndexServer.serve(tree.root())) {
            try (TracedServer server = TracedServer.start(tmp, "--upstream", upstream.url() + "simple/")) {
                long before = server.forces();
                ToolRun run = new Pip(Files.createDirectories(tmp.resolve("home"))).run(List.of("download", "--dest",
                        tmp.resolve("got").toString(), "--no-deps", "--index-url", server.url() + "simple/", "acme"));
                assertThat(run.ok()).as(run.toString()).isTrue();
                assertThat(tmp.resolve("got").resolve(wheel.filename())).hasBinaryContent(wheel.bytes());
                // pip has the file once its bytes are checked; they are forced and kept just after,
                // and the page's first-seen entry is written after the page's answer: a server's stop
                // waits for both.
                awaitKept(tmp.resolve("data"), wheel.filename());
                server.close();

                // Forced: the file's bytes, and the first-seen time's log entry, bytes and directory
                // entry (an entry whose append returned is never lost: BlobStore's rule for logs).
                // Unforced: the page, its state, the file's directory entry and the hashes kept
                // beside objects (computed again when damaged).
                assertThat(server.forces() - before).as(server.traceText()).isEqualTo(3);
            }
        }
    }

    /** Waits (30 s at most) until a file of that name is in the cache under the data directory. */
    private static void awaitKept(Path data, String filename) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Stream<Path> walk = Files.walk(data)) {
                if (walk.anyMatch(p -> p.getFileName().toString().equals(filename) && p.getParent().getParent()
                        .getFileName().toString().equals("files"))) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError(filename + " was never kept under " + data);
    }
}
