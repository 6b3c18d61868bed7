package dev.pymirror.server;

import static dev.pymirror.testing.ServerGet.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.server.config.MirrorConfig;
import dev.pymirror.server.config.ServerConfig;
import dev.pymirror.testing.Eventually;
import dev.pymirror.testing.KeptFiles;
import dev.pymirror.testing.ServerGet;
import dev.pymirror.testing.TestIndexServer.Fault;
import dev.pymirror.testing.TestIndexServer;
import dev.pymirror.testing.Wheel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's routes and its answers to every upstream failure, through a real HTTP client
 * against the real server and a misbehaving upstream on 127.0.0.1. pip itself judges in
 * {@link MirrorServerPipTest}.
 */
class MirrorServerTest {

    @TempDir
    Path data;

    final Wheel app = Wheel.of("acme-app", "1.0").requires("acme-lib>=1.1").build();
    final Wheel lib = Wheel.of("acme-lib", "1.1").payload(400_000, 9).build();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    TestIndexServer upstream;
    PymirrorServer server;

    @BeforeEach
    void start() throws Exception {
        upstream = TestIndexServer.start().add(app, lib);
        server = startServer(Duration.ofMinutes(5), false);
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        upstream.close();
    }

    PymirrorServer startServer(Duration ttl, boolean offline) throws StartupException {
        // Generous timeouts: a loaded machine must not turn a healthy answer into a timeout.
        return startServer(ttl, offline, Duration.ofSeconds(10));
    }

    PymirrorServer startServer(Duration ttl, boolean offline, Duration readTimeout) throws StartupException {
        MirrorConfig mirror = MirrorConfig.defaults("pypi").withUpstream(URI.create(upstream.simpleUrl()))
                .withPageTtl(ttl).withTimeouts(Duration.ofSeconds(5), readTimeout);
        return PymirrorServer.start(new ServerConfig("127.0.0.1", 0, data, offline, "pypi", Map.of("pypi", mirror)));
    }

    HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        return ServerGet.get(http, server.baseUrl(), path, headers);
    }

    String fileUrl(Wheel w) {
        String project = w.filename().substring(0, w.filename().indexOf('-')).replace('_', '-');
        return "/files/" + project + "/" + w.filename();
    }

    /**
     * Waits until a fetched file is in the cache: its client has the last byte once the bytes are
     * checked, and the file is forced to disk and kept just after (FileDownload.run).
     */
    Path awaitCached(Wheel w) throws InterruptedException {
        String project = w.filename().substring(0, w.filename().indexOf('-')).replace('_', '-');
        return KeptFiles.await(data.resolve("pypi/files/" + project + "/" + w.filename()));
    }

    List<Path> cachedFiles() throws IOException {
        try (Stream<Path> s = Files.walk(data.resolve("pypi/files"))) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith(".~staged-")).toList();
        }
    }

    @Test
    void anUpstreamThatIsAServersRootIsA502ThatNamesTheIndexToUse() throws Exception {
        server.close();
        MirrorConfig mirror = MirrorConfig.defaults("pypi").withUpstream(URI.create(upstream.url()))
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10));
        server = PymirrorServer.start(new ServerConfig("127.0.0.1", 0, data, false, "pypi", Map.of("pypi", mirror)));
        String hint = "the upstream " + upstream.url() + " is not an index: its index is " + upstream.simpleUrl();

        HttpResponse<byte[]> page = get("/simple/acme-lib/");
        assertThat(page.statusCode()).isEqualTo(502);
        assertThat(new String(page.body())).contains(hint).doesNotContain("\tat ");
        HttpResponse<byte[]> list = get("/simple/");
        assertThat(list.statusCode()).isEqualTo(502);
        assertThat(new String(list.body())).contains(hint);
        // A project the index does not have either is still just missing.
        assertThat(get("/simple/no-such-project/").statusCode()).isEqualTo(404);
    }

    @Test
    void servesPagesInBothEncodingsWithLocalUrlsHashesAndMetadata() throws Exception {
        HttpResponse<byte[]> json = get("/simple/acme-lib/", "Accept", JSON);
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.headers().firstValue("Content-Type")).hasValue(JSON);
        assertThat(json.headers().firstValue("X-Pymirror-Cache")).hasValue("MISS");
        String body = new String(json.body());
        assertThat(body).contains("\"url\":\"../../files/acme-lib/" + lib.filename() + "\"")
                .contains(lib.sha256()).contains("\"core-metadata\":{\"sha256\":\"" + lib.metadataSha256() + "\"}");

        HttpResponse<byte[]> html = get("/simple/acme-lib/");
        assertThat(html.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(html.headers().firstValue("X-Pymirror-Cache")).hasValue("HIT");
        assertThat(new String(html.body())).contains("href=\"../../files/acme-lib/" + lib.filename() + "#sha256=" + lib.sha256() + "\"");
        assertThat(upstream.hits("/simple/acme-lib/")).isEqualTo(1);
    }

    @Test
    void pagesHaveEtagsGzipAndHead() throws Exception {
        HttpResponse<byte[]> first = get("/simple/acme-lib/", "Accept", JSON);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(get("/simple/acme-lib/", "Accept", JSON, "If-None-Match", etag).statusCode()).isEqualTo(304);
        assertThat(first.headers().firstValue("Vary")).hasValue("Accept, Accept-Encoding");

        HttpRequest head = HttpRequest.newBuilder(server.baseUrl().resolve("simple/acme-lib/"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).header("Accept", JSON).build();
        HttpResponse<byte[]> h = http.send(head, HttpResponse.BodyHandlers.ofByteArray());
        assertThat(h.statusCode()).isEqualTo(200);
        assertThat(h.body()).isEmpty();
        assertThat(h.headers().firstValueAsLong("Content-Length")).hasValue(first.body().length);
    }

    @Test
    void bigPagesAreGzippedForClientsThatAsk() throws Exception {
        for (int i = 0; i < 40; i++) {
            upstream.add(Wheel.of("acme-lib", "0." + i).build());
        }
        HttpResponse<byte[]> plain = get("/simple/acme-lib/");
        HttpResponse<byte[]> gz = get("/simple/acme-lib/", "Accept-Encoding", "gzip, deflate");
        assertThat(gz.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(new GZIPInputStream(new ByteArrayInputStream(gz.body())).readAllBytes()).isEqualTo(plain.body());
        assertThat(gz.headers().firstValue("ETag")).isNotEqualTo(plain.headers().firstValue("ETag"));
    }

    @Test
    void negotiationRedirectsAndErrorsAnswerClearly() throws Exception {
        assertThat(get("/simple/acme-lib/", "Accept", "application/xml").statusCode()).isEqualTo(406);
        HttpResponse<byte[]> moved = get("/simple/Acme_Lib/");
        assertThat(moved.statusCode()).isEqualTo(301);
        assertThat(moved.headers().firstValue("Location").orElseThrow()).endsWith("/simple/acme-lib/");
        assertThat(get("/simple/acme-lib").statusCode()).isEqualTo(301);
        assertThat(get("/simple/acme-lib/?format=" + JSON).headers().firstValue("Content-Type")).hasValue(JSON);

        HttpResponse<byte[]> missing = get("/simple/no-such-project/");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(new String(missing.body())).contains("the upstream has no project 'no-such-project'");
        assertThat(get("/nope/simple/x/").statusCode()).isEqualTo(404);
        assertThat(new String(get("/nope/simple/x/").body())).contains("no index 'nope'");
        assertThat(get("/simple/bad%20name/").statusCode()).isEqualTo(404);
        assertThat(get("/files/acme-lib/not-listed-1.0.whl").statusCode()).isEqualTo(404);
        // An encoded slash is ambiguous in a path: Jetty refuses it before any route sees it.
        assertThat(get("/files/acme-lib/..%2F..%2Fsecret").statusCode()).isEqualTo(400);
        assertThat(get("/files/acme-lib/.hidden").statusCode()).isEqualTo(404);
        assertThat(get("/pypi/simple/acme-lib/").statusCode()).isEqualTo(200);

        HttpRequest post = HttpRequest.newBuilder(server.baseUrl().resolve("simple/acme-lib/"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build();
        HttpResponse<String> p = http.send(post, HttpResponse.BodyHandlers.ofString());
        assertThat(p.statusCode()).isEqualTo(405);
        assertThat(p.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    @Test
    void filesAreFetchedOnceCachedAndServedWithRangesAndEtags() throws Exception {
        HttpResponse<byte[]> first = get(fileUrl(lib));
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isEqualTo(lib.bytes());
        assertThat(first.headers().firstValue("X-Pymirror-Cache")).hasValue("MISS");

        awaitCached(lib);
        HttpResponse<byte[]> second = get(fileUrl(lib));
        assertThat(second.body()).isEqualTo(lib.bytes());
        assertThat(second.headers().firstValue("X-Pymirror-Cache")).hasValue("HIT");
        String etag = second.headers().firstValue("ETag").orElseThrow();
        assertThat(get(fileUrl(lib), "If-None-Match", etag).statusCode()).isEqualTo(304);

        HttpResponse<byte[]> range = get(fileUrl(lib), "Range", "bytes=100-199");
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(java.util.Arrays.copyOfRange(lib.bytes(), 100, 200));
        assertThat(upstream.hits("/files/" + lib.filename())).isEqualTo(1);
        assertThat(cachedFiles()).containsExactly(data.resolve("pypi/files/acme-lib/" + lib.filename()));
    }

    @Test
    void aLargeFileIsSentWholeAndFetchedAgainWhenRemovedFromTheCacheByHand() throws Exception {
        // Larger than what is kept in memory: sent from the file, by sendfile.
        Wheel big = Wheel.of("acme-big", "1.0").payload(3 << 20, 13).build();
        upstream.add(big);
        assertThat(get(fileUrl(big)).body()).isEqualTo(big.bytes());
        awaitCached(big);
        HttpResponse<byte[]> hit = get(fileUrl(big));
        assertThat(hit.headers().firstValue("X-Pymirror-Cache")).hasValue("HIT");
        assertThat(hit.body()).isEqualTo(big.bytes());
        assertThat(get(fileUrl(big), "Range", "bytes=2000000-2000099").body())
                .isEqualTo(java.util.Arrays.copyOfRange(big.bytes(), 2_000_000, 2_000_100));

        Files.delete(data.resolve("pypi/files/acme-big/" + big.filename()));
        HttpResponse<byte[]> again = get(fileUrl(big));

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(big.bytes());
        assertThat(upstream.hits("/files/" + big.filename())).isEqualTo(2);
        assertThat(awaitCached(big)).exists();
    }

    @Test
    void aWarmPageIsAnsweredFromMemoryWithoutAskingTheUpstreamAgain() throws Exception {
        assertThat(get("/simple/acme-lib/", "Accept", JSON).headers().firstValue("X-Pymirror-Cache")).hasValue("MISS");
        for (int i = 0; i < 3; i++) {
            HttpResponse<byte[]> warm = get("/simple/acme-lib/", "Accept", JSON);
            assertThat(warm.statusCode()).isEqualTo(200);
            assertThat(warm.headers().firstValue("X-Pymirror-Cache")).hasValue("HIT");
            assertThat(new String(warm.body())).contains(lib.filename());
        }
        assertThat(upstream.hits("/simple/acme-lib/")).isEqualTo(1);
    }

    @Test
    void filesAndMetadataSayWhatTheyAre() throws Exception {
        HttpResponse<byte[]> miss = get(fileUrl(lib));
        HttpResponse<byte[]> hit = get(fileUrl(lib));
        HttpResponse<byte[]> metadata = get(fileUrl(lib) + ".metadata");
        HttpResponse<byte[]> head = http.send(HttpRequest.newBuilder(server.baseUrl().resolve(fileUrl(lib).substring(1)))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(miss.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(hit.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(head.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(lib.bytes().length);
        assertThat(head.body()).isEmpty();
        assertThat(metadata.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
        assertThat(metadata.body()).isEqualTo(lib.metadata());
    }

    @Test
    void freshMetadataAnsweredFromMemoryHasTheHeadersOfAStoredOne() throws Exception {
        HttpResponse<byte[]> fresh = get(fileUrl(lib) + ".metadata");
        assertThat(fresh.statusCode()).isEqualTo(200);
        assertThat(fresh.headers().firstValue("X-Pymirror-Cache")).as("fetched for this request").hasValue("MISS");
        assertThat(fresh.body()).isEqualTo(lib.metadata());

        HttpResponse<byte[]> stored = Eventually.value(() -> get(fileUrl(lib) + ".metadata"),
                r -> r.headers().firstValue("ETag").isPresent(), Duration.ofSeconds(10));
        assertThat(stored.headers().firstValue("X-Pymirror-Cache")).hasValue("HIT");
        assertThat(stored.body()).isEqualTo(lib.metadata());
        for (String header : List.of("Content-Type", "Cache-Control", "Content-Length")) {
            assertThat(fresh.headers().firstValue(header)).as(header).isEqualTo(stored.headers().firstValue(header));
        }
        assertThat(upstream.hits("/files/" + lib.filename() + ".metadata")).isEqualTo(1);

        Wheel other = Wheel.of("acme-other", "1.0").build();
        upstream.add(other);
        HttpResponse<byte[]> head = http.send(HttpRequest.newBuilder(server.baseUrl().resolve(fileUrl(other).substring(1)
                + ".metadata")).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(other.metadata().length);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void metadataIsPassedThroughOrReadOutOfTheWheel() throws Exception {
        assertThat(get(fileUrl(lib) + ".metadata").body()).isEqualTo(lib.metadata());
        assertThat(upstream.hits("/files/" + lib.filename() + ".metadata")).isEqualTo(1);
        assertThat(upstream.hits("/files/" + lib.filename())).isZero();

        upstream.serveMetadata(false);
        Wheel other = Wheel.of("other", "2.0").requires("six").build();
        upstream.add(other);
        String page = new String(get("/simple/other/", "Accept", JSON).body());
        assertThat(page).contains("\"core-metadata\":true");
        assertThat(get(fileUrl(other) + ".metadata").body()).isEqualTo(other.metadata());
        assertThat(upstream.hits("/files/" + other.filename())).isEqualTo(1);
    }

    @Test
    void aPageNeverCachedIsA502NamingTheUpstreamProblemNotAnEmptyPage() throws Exception {
        upstream.fault("/simple/", Fault.STATUS_500);
        HttpResponse<byte[]> r = get("/simple/acme-lib/");
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(new String(r.body())).contains("could not get the page of 'acme-lib'").contains("HTTP 500");

        upstream.fault("/simple/", Fault.MALFORMED_PAGE);
        assertThat(get("/simple/acme-lib/").statusCode()).isEqualTo(502);

        upstream.fault("/simple/", Fault.SLOW).slowness(Duration.ofSeconds(3));
        server.close();
        server = startServer(Duration.ofMinutes(5), false, Duration.ofSeconds(1));
        HttpResponse<byte[]> slow = get("/simple/acme-lib/");
        assertThat(slow.statusCode()).isEqualTo(504);
        assertThat(new String(slow.body())).contains("did not answer within 1s");
        // Remembered as down: the next page is not waited for at all.
        HttpResponse<byte[]> down = get("/simple/acme-app/");
        assertThat(down.statusCode()).isEqualTo(504);
        assertThat(new String(down.body())).contains("has no copy of the page of 'acme-app'")
                .contains("has not answered since");
        assertThat(upstream.hits("/simple/acme-app/")).isZero();

        upstream.stop();
        server.close();
        server = startServer(Duration.ofMinutes(5), false, Duration.ofSeconds(1));
        HttpResponse<byte[]> refused = get("/simple/acme-lib/");
        assertThat(refused.statusCode()).isEqualTo(502);
        assertThat(new String(refused.body())).contains("refused the connection");
    }

    @Test
    void aCachedPageIsServedStaleWhenTheUpstreamFailsAndAfterARestart() throws Exception {
        server.close();
        server = startServer(Duration.ZERO, false);
        assertThat(get("/simple/acme-lib/").statusCode()).isEqualTo(200);
        for (Fault fault : List.of(Fault.STATUS_500, Fault.MALFORMED_PAGE, Fault.CLOSE, Fault.TRUNCATE)) {
            upstream.fault("/simple/", fault);
            HttpResponse<byte[]> stale = get("/simple/acme-lib/");
            assertThat(stale.statusCode()).as(fault.name()).isEqualTo(200);
            assertThat(stale.headers().firstValue("X-Pymirror-Cache")).as(fault.name()).hasValue("STALE");
            assertThat(stale.headers().firstValue("Warning")).hasValue("110 pymirror \"Response is Stale\"");
            assertThat(new String(stale.body())).contains(lib.filename());
        }
        upstream.stop();
        server.close();
        server = startServer(Duration.ZERO, false);
        HttpResponse<byte[]> afterRestart = get("/simple/acme-lib/");
        assertThat(afterRestart.statusCode()).isEqualTo(200);
        assertThat(afterRestart.headers().firstValue("X-Pymirror-Cache")).hasValue("STALE");

        upstream.restart();
        upstream.clearFaults();
        assertThat(get("/simple/acme-lib/").headers().firstValue("X-Pymirror-Cache")).hasValue("REVALIDATED");
    }

    @Test
    void aFileThatArrivesBrokenIsNeverCachedAndTheClientSeesAnError() throws Exception {
        assertThat(get("/simple/acme-lib/").statusCode()).isEqualTo(200);
        String path = "/files/" + lib.filename();
        for (Fault fault : List.of(Fault.WRONG_BYTES, Fault.TRUNCATE, Fault.RESET_MID_BODY)) {
            upstream.fault(path, fault);
            boolean failed;
            try {
                HttpResponse<byte[]> r = get(fileUrl(lib));
                failed = r.statusCode() != 200 || !java.util.Arrays.equals(r.body(), lib.bytes());
            } catch (IOException e) {
                failed = true; // the response was broken off: what a client must see after bytes were sent
            }
            assertThat(failed).as(fault.name()).isTrue();
            assertThat(cachedFiles()).as(fault.name()).isEmpty();
            assertThat(stagingFiles()).as(fault.name()).isEmpty();
        }
        upstream.fault(path, Fault.STATUS_500);
        HttpResponse<byte[]> r = get(fileUrl(lib));
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(new String(r.body())).contains("could not get '" + lib.filename() + "'").contains("HTTP 500");

        upstream.clearFaults();
        assertThat(get(fileUrl(lib)).body()).isEqualTo(lib.bytes());
        awaitCached(lib);
        assertThat(cachedFiles()).hasSize(1);
    }

    @Test
    void aFileAndItsMetadataStatedByMd5AloneAreStillVerified() throws Exception {
        upstream.statedHashes("md5");
        assertThat(new String(get("/simple/acme-lib/", "Accept", JSON).body())).contains("\"md5\"");
        upstream.fault("/files/" + lib.filename() + ".metadata", Fault.WRONG_BYTES);
        // The upstream's metadata file is damaged: the mirror reads the wheel's own instead.
        assertThat(get(fileUrl(lib) + ".metadata").body()).isEqualTo(lib.metadata());

        Files.delete(data.resolve("pypi/files/acme-lib/" + lib.filename()));
        upstream.fault("/files/" + lib.filename(), Fault.WRONG_BYTES);
        boolean failed;
        try {
            HttpResponse<byte[]> r = get(fileUrl(lib));
            failed = r.statusCode() != 200 || !java.util.Arrays.equals(r.body(), lib.bytes());
        } catch (IOException e) {
            failed = true; // broken off before the last byte: the hash did not match
        }
        assertThat(failed).isTrue();
        assertThat(data.resolve("pypi/files/acme-lib/" + lib.filename())).doesNotExist();

        upstream.clearFaults();
        assertThat(get(fileUrl(lib)).body()).isEqualTo(lib.bytes());
        awaitCached(lib);
        assertThat(get(fileUrl(lib)).headers().firstValue("X-Pymirror-Cache")).hasValue("HIT");
    }

    @Test
    void aPageCachedFromAnEarlierUpstreamIsFetchedAgainFromTheNewOneNotRevalidated() throws Exception {
        assertThat(get("/simple/acme-lib/").statusCode()).isEqualTo(200);
        assertThat(get("/simple/").statusCode()).isEqualTo(200);
        // The new upstream serves the same pages byte for byte (so the same ETags), under its own URLs.
        try (TestIndexServer moved = TestIndexServer.start().add(app, lib)) {
            server.close();
            upstream.stop();
            MirrorConfig mirror = MirrorConfig.defaults("pypi").withUpstream(URI.create(moved.simpleUrl()))
                    .withPageTtl(Duration.ZERO).withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10));
            server = PymirrorServer.start(new ServerConfig("127.0.0.1", 0, data, false, "pypi", Map.of("pypi", mirror)));

            HttpResponse<byte[]> page = get("/simple/acme-lib/");
            assertThat(page.headers().firstValue("X-Pymirror-Cache")).hasValue("MISS");
            assertThat(get(fileUrl(lib)).body()).isEqualTo(lib.bytes());
            assertThat(moved.hits("/files/" + lib.filename())).isEqualTo(1);
            assertThat(get("/simple/").headers().firstValue("X-Pymirror-Cache")).hasValue("MISS");
            // From now on the page is the new upstream's and is revalidated as usual.
            assertThat(get("/simple/acme-lib/").headers().firstValue("X-Pymirror-Cache")).hasValue("REVALIDATED");
        }
    }

    @Test
    void aCompressedAnswerIsDecodedOrRefusedAndAPageThatLostItsFilesNeverReplacesTheCachedOne() throws Exception {
        upstream.fault("/simple/", Fault.GZIP);
        HttpResponse<byte[]> json = get("/simple/acme-lib/", "Accept", JSON);
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(new String(json.body())).contains(lib.filename());
        upstream.htmlOnly(true);
        assertThat(new String(get("/simple/acme-app/").body())).contains(app.filename());
        upstream.htmlOnly(false);
        upstream.fault("/files/", Fault.GZIP);
        assertThat(get(fileUrl(lib)).body()).isEqualTo(lib.bytes());
        assertThat(awaitCached(lib)).hasBinaryContent(lib.bytes());

        upstream.clearFaults().add(Wheel.of("acme-new", "1.0").build()).fault("/simple/", Fault.BROTLI);
        HttpResponse<byte[]> br = get("/simple/acme-new/");
        assertThat(br.statusCode()).isEqualTo(502);
        assertThat(new String(br.body())).contains("Content-Encoding 'br', which pymirror cannot decode");

        server.close();
        server = startServer(Duration.ZERO, false);
        for (Fault fault : List.of(Fault.BROTLI, Fault.EMPTY_PAGE)) {
            upstream.fault("/simple/", fault);
            HttpResponse<byte[]> stale = get("/simple/acme-lib/");
            assertThat(stale.headers().firstValue("X-Pymirror-Cache")).as(fault.name()).hasValue("STALE");
            assertThat(new String(stale.body())).as(fault.name()).contains(lib.filename());
        }
        assertThat(data.resolve("pypi/pages/acme-lib.json")).content().contains(lib.filename());
        upstream.clearFaults();
        assertThat(get("/simple/acme-lib/").headers().firstValue("X-Pymirror-Cache")).hasValue("REVALIDATED");
    }

    @Test
    void aPageThatStallsAfterItsHeadersIsTimedOutNotWaitedFor() throws Exception {
        server.close();
        server = startServer(Duration.ZERO, false, Duration.ofSeconds(1));
        assertThat(get("/simple/acme-lib/").statusCode()).isEqualTo(200);
        // Headers at once, then a body that would come only after the client (20 s) gave up.
        upstream.slowness(Duration.ofSeconds(60)).fault("/simple/", Fault.STALL_AFTER_HEADERS);
        HttpResponse<byte[]> uncached = get("/simple/acme-app/");
        assertThat(uncached.statusCode()).isEqualTo(504);
        assertThat(new String(uncached.body())).contains("could not get the page of 'acme-app'");
        HttpResponse<byte[]> cached = get("/simple/acme-lib/");
        assertThat(cached.headers().firstValue("X-Pymirror-Cache")).hasValue("STALE");
        assertThat(new String(get("/health").body())).contains("\"upstream-state\" : \"down\"");
    }

    @Test
    void offlineServesTheCacheAndSaysWhatIsMissing() throws Exception {
        assertThat(get("/simple/acme-lib/").statusCode()).isEqualTo(200);
        assertThat(get(fileUrl(lib)).statusCode()).isEqualTo(200);
        server.close();
        server = startServer(Duration.ZERO, true);
        HttpResponse<byte[]> page = get("/simple/acme-lib/");
        assertThat(page.headers().firstValue("X-Pymirror-Cache")).hasValue("OFFLINE");
        assertThat(get(fileUrl(lib)).body()).isEqualTo(lib.bytes());
        HttpResponse<byte[]> missing = get("/simple/acme-app/");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(new String(missing.body())).contains("offline and has no cached page for 'acme-app'");
        assertThat(upstream.hits("/simple/acme-app/")).isZero();
    }

    @Test
    void offlineAFileTheCachedPageListsButTheCacheLacksIsNotFetched() throws Exception {
        Wheel older = Wheel.of("acme-lib", "1.0").build();
        upstream.add(older);
        assertThat(new String(get("/simple/acme-lib/").body())).contains(older.filename());
        server.close();
        server = startServer(Duration.ZERO, true);
        HttpResponse<byte[]> missing = get(fileUrl(older));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(new String(missing.body())).contains("offline and has no cached copy of '" + older.filename() + "'");
        assertThat(upstream.hits("/files/" + older.filename())).isZero();
        HttpResponse<byte[]> metadata = get(fileUrl(older) + ".metadata");
        assertThat(metadata.statusCode()).isEqualTo(404);
        assertThat(upstream.hits("/files/" + older.filename())).isZero();
        assertThat(upstream.hits("/files/" + older.filename() + ".metadata")).isZero();
    }

    @Test
    void anUpstreamThatSpeaksOnlyHtmlIsUnderstood() throws Exception {
        upstream.htmlOnly(true);
        String page = new String(get("/simple/acme-lib/", "Accept", JSON).body());
        assertThat(page).contains("\"filename\":\"" + lib.filename() + "\"").contains(lib.sha256());
        assertThat(get(fileUrl(lib)).body()).isEqualTo(lib.bytes());
        assertThat(get(fileUrl(lib) + ".metadata").body()).isEqualTo(lib.metadata());
    }

    @Test
    void anHtmlUpstreamsPageGainsTheSizesOfCachedFilesAndSoApi11() throws Exception {
        upstream.htmlOnly(true);
        Wheel older = Wheel.of("acme-lib", "1.0").build();
        upstream.add(older);
        String before = new String(get("/simple/acme-lib/", "Accept", JSON).body());
        assertThat(before).contains("\"api-version\":\"1.0\"").doesNotContain("\"size\"");

        assertThat(get(fileUrl(lib)).body()).isEqualTo(lib.bytes());
        String one = new String(get("/simple/acme-lib/", "Accept", JSON).body());
        assertThat(one).contains("\"size\":" + lib.bytes().length)
                .as("1.1 needs every size").contains("\"api-version\":\"1.0\"");

        assertThat(get(fileUrl(older)).body()).isEqualTo(older.bytes());
        String all = new String(get("/simple/acme-lib/", "Accept", JSON).body());
        assertThat(all).contains("\"api-version\":\"1.1\"").contains("\"versions\":[\"1.0\",\"1.1\"]")
                .contains("\"size\":" + lib.bytes().length).contains("\"size\":" + older.bytes().length);

        // The same after a restart: the sizes come from the cache, not from memory.
        server.close();
        server = startServer(Duration.ofMinutes(5), false);
        assertThat(new String(get("/simple/acme-lib/", "Accept", JSON).body())).contains("\"api-version\":\"1.1\"")
                .contains("\"size\":" + older.bytes().length);
    }

    @Test
    void aPageGainsTheRequiresPythonOfCachedMetadataWhenTheUpstreamGivesNone() throws Exception {
        // The test index's pages state no requires-python: only the wheel's metadata does.
        Wheel modern = Wheel.of("acme-modern", "2.0").requiresPython(">=3.9").build();
        upstream.add(modern);
        assertThat(new String(get("/simple/acme-modern/", "Accept", JSON).body())).doesNotContain("requires-python");

        assertThat(get(fileUrl(modern) + ".metadata").body()).isEqualTo(modern.metadata());
        // The page is rebuilt once the metadata is kept, after the client has had it.
        assertThat(Eventually.value(() -> new String(get("/simple/acme-modern/", "Accept", JSON).body()),
                page -> page.contains("requires-python"), Duration.ofSeconds(10)))
                .contains("\"requires-python\":\">=3.9\"");
        assertThat(new String(get("/simple/acme-modern/").body())).contains("data-requires-python=\"&gt;=3.9\"");
    }

    @Test
    void theProjectListIsProxiedAndCachedAndOfflineListsWhatIsCached() throws Exception {
        HttpResponse<byte[]> list = get("/simple/", "Accept", JSON);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.headers().firstValue("X-Pymirror-Cache")).hasValue("MISS");
        assertThat(new String(list.body())).contains("\"name\":\"acme-app\"").contains("\"name\":\"acme-lib\"");
        assertThat(get("/simple/").headers().firstValue("X-Pymirror-Cache")).hasValue("HIT");
        assertThat(new String(get("/simple/").body())).contains("acme-lib");

        get("/simple/acme-lib/");
        server.close();
        java.nio.file.Files.delete(data.resolve("pypi/pages/.root.json"));
        server = startServer(Duration.ZERO, true);
        String offline = new String(get("/simple/", "Accept", JSON).body());
        assertThat(offline).contains("acme-lib").doesNotContain("acme-app");
    }

    @Test
    void healthSaysWhatIsServed() throws Exception {
        get("/simple/acme-lib/");
        HttpResponse<byte[]> h = get("/health");
        assertThat(h.statusCode()).isEqualTo(200);
        assertThat(new String(h.body())).contains("\"status\" : \"ok\"").contains(upstream.simpleUrl())
                .contains("upstream-last-success");
    }

    /** Downloads being staged (a page's copy and first-seen entry are written after its answer, elsewhere). */
    List<Path> stagingFiles() throws IOException {
        if (!Files.isDirectory(data.resolve("pypi/files"))) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(data.resolve("pypi/files"))) {
            return s.filter(p -> p.getFileName().toString().startsWith(".~staged-")).toList();
        }
    }
}
