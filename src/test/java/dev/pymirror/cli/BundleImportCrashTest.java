package dev.pymirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.bundle.BundleImport;
import dev.pymirror.bundle.ImportReport;
import dev.pymirror.bundle.TrustedKeys;
import dev.pymirror.server.PymirrorServer;
import dev.pymirror.server.auth.UserStore;
import dev.pymirror.server.config.HostedConfig;
import dev.pymirror.server.config.StaticConfig;
import dev.pymirror.server.hosted.HostedImport;
import dev.pymirror.server.hosted.HostedIndex;
import dev.pymirror.server.tree.StaticIndex;
import dev.pymirror.store.blob.BlobStore;
import dev.pymirror.store.blob.Content;
import dev.pymirror.store.blob.LocalBlobStore;
import dev.pymirror.testing.ForwardingBlobStore;
import dev.pymirror.testing.Installation;
import dev.pymirror.testing.Pip;
import dev.pymirror.testing.ToolRun;
import dev.pymirror.testing.Twine;
import dev.pymirror.testing.Wheel;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bundle import --into-index} killed (SIGKILL) midway, its process holding the store's
 * create of the third of four log entries: the running server, the real pip 23 and the file
 * listing see none of the bundle's files (the index keeps its old state), and running the import
 * again finishes it, after which pip installs from it.
 */
@Tag("slow")
class BundleImportCrashTest {

    static final String PASSWORD = "alice-password";

    @TempDir
    Path tmp;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anImportKilledMidwayShowsNothingAndRunningItAgainFinishesIt() throws Exception {
        List<String> projects = List.of("app", "lib", "tool", "util");
        SignedBundle made = SignedBundle.make(tmp, Wheel.of("app", "1.0").requires("lib", "tool", "util").build(),
                Wheel.of("lib", "1.0").build(), Wheel.of("tool", "1.0").build(), Wheel.of("util", "1.0").build());
        Path bundle = made.file();
        String trust = made.trust();

        Path config = Files.writeString(tmp.resolve("site.toml"), """
                [index.local]
                kind = "hosted"
                """);
        Path data = tmp.resolve("site-data");
        new UserStore(data).add("alice", PASSWORD.toCharArray());
        try (PymirrorServer site = PymirrorServer.start(ConfigSources.read(config, Map.of()).withDataDir(data)
                .withPort(0))) {
            String base = site.baseUrl().toString();
            // What the index held before: an upload of its own, which must stay as it was.
            Wheel older = Wheel.of("older", "1.0").build();
            Path dist = Files.createDirectories(tmp.resolve("dist"));
            ToolRun up = new Twine(Files.createDirectories(tmp.resolve("twine-home"))).upload(base + "local/", "alice",
                    PASSWORD, BundleServerTest.write(dist, older));
            assertThat(up.ok()).as(up.toString()).isTrue();
            String before = BundleServerTest.listing(config, data, "local");

            Path held = tmp.resolve("held");
            Process child = importHeldAtEntry(bundle, trust, data, 3, held);
            try {
                awaitHeld(child, held);
                // Two of the four files are stored and logged; the third waits for its entry.
                assertThat(logEntries(data)).isEqualTo(2);
                for (String p : projects) {
                    assertThat(get(base + "local/simple/" + p + "/").statusCode()).as(p + " while importing")
                            .isEqualTo(404);
                }
            } finally {
                child.destroyForcibly(); // SIGKILL
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }

            assertThat(logEntries(data)).isEqualTo(2);
            for (String p : projects) {
                assertThat(get(base + "local/simple/" + p + "/").statusCode()).as(p + " after the kill").isEqualTo(404);
                assertThat(get(base + "local/pypi/" + p + "/json").statusCode()).as(p + "'s JSON").isEqualTo(404);
                assertThat(get(base + "local/+as-of/2100-01-01/simple/" + p + "/").statusCode()).as(p + " as of")
                        .isEqualTo(404);
                assertThat(get(base + "local/files/" + p + "/" + p + "-1.0-py3-none-any.whl").statusCode())
                        .as(p + "'s file").isEqualTo(404);
            }
            assertThat(get(base + "local/simple/").body()).contains("older").doesNotContain("lib");
            assertThat(BundleServerTest.listing(config, data, "local")).isEqualTo(before);
            ToolRun lib = new Pip(Files.createDirectories(tmp.resolve("pip-home-1"))).install(base + "local/simple/",
                    Files.createDirectories(tmp.resolve("site-1")), "lib");
            assertThat(lib.ok()).as(lib.toString()).isFalse();
            assertThat(lib.toString()).contains("No matching distribution found for lib");

            // The same bundle again: goes on from what the killed run stored, and shows it all at once.
            CliRun again = BundleServerTest.ok(CliRun.onData("bundle", config, data, "import", bundle.toString(),
                    "--into-index", "local", "--trust", trust));
            assertThat(again.out()).contains("into index 'local': 4 added, 0 already there");
            Path target = Files.createDirectories(tmp.resolve("site-2"));
            ToolRun app = new Pip(Files.createDirectories(tmp.resolve("pip-home-2"))).install(base + "local/simple/",
                    target, "app");
            assertThat(app.ok()).as(app.toString()).isTrue();
            assertThat(Installation.distributionsIn(target)).containsOnlyKeys("app", "lib", "tool", "util");
            assertThat(BundleServerTest.listing(config, data, "local")).contains(older.filename())
                    .contains("lib-1.0-py3-none-any.whl");
        }
    }

    /** The import as the CLI runs it, in a JVM of its own whose store holds the n-th log entry's create. */
    static Process importHeldAtEntry(Path bundle, String trust, Path data, int n, Path held) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                HeldImport.class.getName(), bundle.toString(), trust, data.toString(), Integer.toString(n),
                held.toString());
        pb.environment().keySet().removeIf(k -> k.startsWith("PYMIRROR_"));
        pb.redirectErrorStream(true);
        pb.redirectOutput(held.resolveSibling("child.log").toFile());
        return pb.start();
    }

    static void awaitHeld(Process child, Path held) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!Files.exists(held)) {
            if (!child.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("the import did not reach the held entry:\n"
                        + Files.readString(held.resolveSibling("child.log")));
            }
            Thread.sleep(20);
        }
    }

    static final Pattern ENTRY = Pattern.compile("\\d{20}");

    /** The log entries of every project of the index, as they are on disk. */
    static long logEntries(Path data) throws IOException {
        Path projects = data.resolve("local/projects");
        try (var files = Files.walk(projects)) {
            return files.filter(Files::isRegularFile).filter(p -> ENTRY.matcher(p.getFileName().toString()).matches())
                    .filter(p -> !p.getParent().getFileName().toString().equals("checkpoints"))
                    .filter(p -> !p.startsWith(projects.resolve("older"))).count();
        }
    }

    HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/vnd.pypi.simple.v1+json")
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The child: {@code bundle import --into-index local} as {@link BundleImportCommand} runs it, over a
     * store that, at the create of the n-th log entry, marks the file {@code held} and waits to be killed.
     */
    static final class HeldImport {
        public static void main(String[] args) throws Exception {
            Path bundle = Path.of(args[0]);
            Path data = Path.of(args[2]);
            int n = Integer.parseInt(args[3]);
            Path held = Path.of(args[4]);
            Path imports = Files.createDirectories(data.resolve(".bundle-imports/local"));
            Path tree = imports.resolve("simple");
            ImportReport r = new BundleImport(TrustedKeys.read(List.of(args[1])), BundleImport.Listener.NONE)
                    .importInto(bundle, tree);
            AtomicInteger entries = new AtomicInteger();
            BlobStore store = new ForwardingBlobStore(new LocalBlobStore(data.resolve("local"))) {
                @Override
                public Created create(String key, Content content) throws IOException {
                    if (key.startsWith("projects/") && ENTRY.matcher(key.substring(key.lastIndexOf('/') + 1)).matches()
                            && entries.incrementAndGet() == n) {
                        Files.writeString(held, key);
                        try {
                            Thread.sleep(Long.MAX_VALUE);
                        } catch (InterruptedException e) {
                            throw new java.io.InterruptedIOException();
                        }
                    }
                    return super.create(key, content);
                }
            };
            HostedIndex index = new HostedIndex(HostedConfig.defaults("local"), store, "", data.resolve("local"),
                    Clock.systemUTC());
            Path scratch = Files.createTempDirectory(imports, ".~metadata-");
            HostedImport.copy(new StaticIndex(StaticConfig.of("bundle", tree), scratch), index,
                    "bundle " + r.manifestId().substring(0, 12), r.manifestId());
            System.out.println("finished without being held");
        }
    }
}
