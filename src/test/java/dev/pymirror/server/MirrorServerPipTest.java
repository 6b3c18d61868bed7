package dev.pymirror.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.server.config.MirrorConfig;
import dev.pymirror.server.config.ServerConfig;
import dev.pymirror.testing.KeptFiles;
import dev.pymirror.testing.Pip;
import dev.pymirror.testing.TestIndexServer;
import dev.pymirror.testing.TestIndexServer.Fault;
import dev.pymirror.testing.ToolRun;
import dev.pymirror.testing.Wheel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pymirror serve judged by the real pip and by real processes: installs through the proxy, with
 * the upstream down, after a restart; 50 clients on one uncached file; a kill -9 mid-download.
 */
@Tag("slow")
class MirrorServerPipTest {

    @TempDir
    Path tmp;

    final Wheel app = Wheel.of("acme-app", "1.0").requires("acme-lib>=1.1", "acme-util").build();
    final Wheel libOld = Wheel.of("acme-lib", "1.0").build();
    final Wheel lib = Wheel.of("acme-lib", "1.1").requires("acme-util>=2").payload(300_000, 4).build();
    final Wheel utilOld = Wheel.of("acme-util", "1.0").build();
    final Wheel util = Wheel.of("acme-util", "2.0").build();
    TestIndexServer upstream;

    @BeforeEach
    void startUpstream() throws IOException {
        upstream = TestIndexServer.start().add(app, libOld, lib, utilOld, util);
    }

    @AfterEach
    void stopUpstream() throws IOException {
        upstream.close();
    }

    private ServerConfig config(Path data, Duration ttl) {
        MirrorConfig mirror = MirrorConfig.defaults("pypi").withUpstream(URI.create(upstream.simpleUrl()))
                .withPageTtl(ttl).withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(15));
        return new ServerConfig("127.0.0.1", 0, data, false, "pypi", Map.of("pypi", mirror));
    }

    private ToolRun install(PymirrorServer server, String target) throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home-" + target));
        return new Pip(home).install(server.simpleUrl().toString(), tmp.resolve(target), "acme-app");
    }

    private void assertInstalled(String target) {
        assertThat(tmp.resolve(target + "/acme_app/__init__.py")).content().contains("1.0");
        assertThat(tmp.resolve(target + "/acme_lib/__init__.py")).content().contains("1.1");
        assertThat(tmp.resolve(target + "/acme_util/__init__.py")).content().contains("2.0");
    }

    @Test
    void pipInstallsThroughTheProxyThenWithTheUpstreamDownThenAfterARestart() throws Exception {
        Path data = tmp.resolve("data");
        // A TTL of zero makes every request revalidate, so the down upstream is really asked.
        try (PymirrorServer server = PymirrorServer.start(config(data, Duration.ZERO))) {
            ToolRun first = install(server, "site1");
            assertThat(first.ok()).as(first.toString()).isTrue();
            assertInstalled("site1");
            assertThat(upstream.hits("/files/" + lib.filename())).isEqualTo(1);

            upstream.stop();
            ToolRun down = install(server, "site2");
            assertThat(down.ok()).as(down.toString()).isTrue();
            assertInstalled("site2");
        }
        try (PymirrorServer restarted = PymirrorServer.start(config(data, Duration.ZERO))) {
            ToolRun afterRestart = install(restarted, "site3");
            assertThat(afterRestart.ok()).as(afterRestart.toString()).isTrue();
            assertInstalled("site3");
        }
    }

    @Test
    void pipInstallsWithTheServerRootAsItsIndexUrlAsDevpisDocumentationWritesIt() throws Exception {
        // DIB_PYPI_MIRROR_URL=http://host:3141/ becomes pip's --index-url as it is.
        try (PymirrorServer server = PymirrorServer.start(config(tmp.resolve("data"), Duration.ofMinutes(5)))) {
            Path home = Files.createDirectories(tmp.resolve("home"));
            ToolRun r = new Pip(home).install(server.baseUrl().toString(), tmp.resolve("site"), "acme-app");
            assertThat(r.ok()).as(r.toString()).isTrue();
            assertInstalled("site");
            // An index's root (its upload URL) given as the index URL works the same.
            ToolRun index = new Pip(home).install(server.baseUrl() + "pypi/", tmp.resolve("site-index"), "acme-app");
            assertThat(index.ok()).as(index.toString()).isTrue();
            assertInstalled("site-index");
        }
    }

    @Test
    void withTheUpstreamBlackHoledPipInstallsFromStalePagesAndHealthSaysItIsDown() throws Exception {
        // The default timeouts, revalidation wait and probe interval, as a server runs them.
        MirrorConfig mirror = MirrorConfig.defaults("pypi").withUpstream(URI.create(upstream.simpleUrl()))
                .withPageTtl(Duration.ZERO);
        try (PymirrorServer server = PymirrorServer.start(
                new ServerConfig("127.0.0.1", 0, tmp.resolve("data"), false, "pypi", Map.of("pypi", mirror)))) {
            ToolRun first = install(server, "site1");
            assertThat(first.ok()).as(first.toString()).isTrue();

            Map<String, Integer> before = new java.util.HashMap<>();
            for (String project : List.of("acme-app", "acme-lib", "acme-util")) {
                before.put(project, upstream.hits("/simple/" + project + "/"));
            }
            // Every request is accepted and read, and never answered.
            upstream.slowness(Duration.ofMinutes(10)).fault("/", Fault.SLOW);
            ToolRun hung = install(server, "site2");
            assertThat(hung.ok()).as(hung.toString()).isTrue();
            assertInstalled("site2");
            // One revalidation per project at most: pip's retries did not multiply the upstream's requests.
            for (String project : List.of("acme-app", "acme-lib", "acme-util")) {
                assertThat(upstream.hits("/simple/" + project + "/") - before.get(project)).as(project).isLessThanOrEqualTo(1);
            }
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(server.simpleUrl().resolve("acme-lib/"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.headers().firstValue("X-Pymirror-Cache")).hasValue("STALE");
            String health = "";
            for (int i = 0; i < 300 && !health.contains("\"upstream-state\" : \"down\""); i++) {
                Thread.sleep(100);
                health = http.send(HttpRequest.newBuilder(server.baseUrl().resolve("health")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
            }
            assertThat(health).contains("\"upstream-state\" : \"down\"").contains("upstream-down-since");
        }
    }

    @Test
    void withNothingCachedAndTheUpstreamDownPipIsAnswered502NotAnEmptyPage() throws Exception {
        upstream.stop();
        try (PymirrorServer server = PymirrorServer.start(config(tmp.resolve("data"), Duration.ZERO))) {
            // pip logs a failed index fetch only when verbose, then says "from versions: none" either
            // way; what matters is that it was told 502, not handed a page without files.
            Path home = Files.createDirectories(tmp.resolve("home"));
            ToolRun r = new Pip(home).run(List.of("install", "-vv", "--no-cache-dir", "--retries", "0",
                    "--index-url", server.simpleUrl().toString(), "--target", tmp.resolve("site").toString(), "acme-app"));
            assertThat(r.ok()).isFalse();
            assertThat(r.stdout() + r.stderr()).contains("502 Server Error");
        }
    }

    @Test
    void fiftyClientsShareOneDownloadOfALargeFile() throws Exception {
        Wheel big = Wheel.of("big", "1.0").payload(24 << 20, 11).build();
        upstream.add(big);
        // The upstream pauses mid-body, so that all fifty requests arrive while the download runs.
        upstream.fault("/files/" + big.filename(), Fault.STALL_MID_BODY).slowness(Duration.ofSeconds(2));
        String expected = sha256(big.bytes());
        try (PymirrorServer server = PymirrorServer.start(config(tmp.resolve("data"), Duration.ofMinutes(5)));
                var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI url = server.baseUrl().resolve("files/big/" + big.filename());
            CountDownLatch ready = new CountDownLatch(1);
            List<CompletableFuture<String>> bodies = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                bodies.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        ready.await();
                        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(url).build(),
                                HttpResponse.BodyHandlers.ofByteArray());
                        return r.statusCode() + " " + sha256(r.body());
                    } catch (Exception e) {
                        return e.toString();
                    }
                }, pool));
            }
            ready.countDown();
            for (CompletableFuture<String> body : bodies) {
                assertThat(body.get(2, TimeUnit.MINUTES)).isEqualTo("200 " + expected);
            }
        }
        assertThat(upstream.hits("/files/" + big.filename())).isEqualTo(1);
    }

    @Test
    void aServerKilledMidDownloadPublishesNothingAndRecoversOnRestart() throws Exception {
        Wheel big = Wheel.of("big", "1.0").payload(8 << 20, 12).build();
        upstream.add(big);
        upstream.fault("/files/" + big.filename(), Fault.STALL_MID_BODY).slowness(Duration.ofSeconds(30));
        Path data = tmp.resolve("data");
        Path published = data.resolve("pypi/files/big/" + big.filename());
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        Process server = serveInProcess(data);
        try {
            URI url = URI.create(baseUrl(server) + "files/big/" + big.filename());
            HttpResponse<java.io.InputStream> r = http.send(HttpRequest.newBuilder(url).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            // Wait until half the file has gone through the server: the download is mid-way.
            byte[] half = r.body().readNBytes(big.bytes().length / 2 - 1);
            assertThat(half).hasSize(big.bytes().length / 2 - 1);
            assertThat(stagingFiles(data)).hasSize(1);
            server.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no shutdown hook runs
        } finally {
            server.destroyForcibly();
        }
        assertThat(published).doesNotExist();

        upstream.clearFaults();
        Process again = serveInProcess(data);
        try {
            String base = baseUrl(again);
            assertThat(stagingFiles(data)).as("leftovers are swept at start-up").isEmpty();
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + "files/big/" + big.filename())).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(sha256(r.body())).isEqualTo(sha256(big.bytes()));
            assertThat(KeptFiles.await(published)).hasSize(big.bytes().length);
        } finally {
            again.destroy();
            again.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** pymirror serve as its own process (so that it can be killed), on a free port. */
    private Process serveInProcess(Path data) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "dev.pymirror.cli.Main", "serve", "--port", "0", "--data", data.toString(),
                "--upstream", upstream.simpleUrl(), "--page-ttl", "0");
        pb.environment().keySet().removeIf(k -> k.startsWith("PYMIRROR_"));
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.PIPE);
        return pb.start();
    }

    private static final Pattern SERVING = Pattern.compile("pymirror serving (http://\\S+/)simple/");

    /** Reads the server's output until it says where it listens; keeps draining it afterwards. */
    private static String baseUrl(Process server) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        for (String line; (line = out.readLine()) != null; ) {
            seen.add(line);
            Matcher m = SERVING.matcher(line);
            if (m.find()) {
                Thread.ofVirtual().start(() -> out.lines().forEach(l -> { }));
                return m.group(1);
            }
        }
        throw new AssertionError("the server ended without serving:\n" + String.join("\n", seen));
    }

    /** Downloads being staged (a page's copy and first-seen entry are written after its answer, elsewhere). */
    private static List<Path> stagingFiles(Path data) throws IOException {
        try (Stream<Path> s = Files.walk(data.resolve("pypi/files"))) {
            return s.filter(p -> p.getFileName().toString().startsWith(".~staged-")).toList();
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
