package dev.pymirror.server.metrics;

import static dev.pymirror.testing.ServerGet.PIP_ACCEPT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.server.PymirrorServer;
import dev.pymirror.server.auth.UserStore;
import dev.pymirror.server.config.Audience;
import dev.pymirror.server.config.HostedConfig;
import dev.pymirror.server.config.IndexConfig;
import dev.pymirror.server.config.MirrorConfig;
import dev.pymirror.server.config.ServerConfig;
import dev.pymirror.testing.Eventually;
import dev.pymirror.testing.ServerGet;
import dev.pymirror.testing.TestIndexServer;
import dev.pymirror.testing.UploadForm;
import dev.pymirror.testing.Wheel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} of the real server after real requests: each request counted once under its
 * index, route kind, status class and cache result, with its bytes, latency and the mirror's
 * upstream requests; indexes that need a login counted unnamed.
 */
class MetricsRouteTest {

    static final String ALICE = "alice";
    static final String ALICE_PW = "correct horse battery";

    @TempDir
    Path data;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final Wheel lib = Wheel.of("acme-lib", "1.1").build();
    TestIndexServer upstream;
    PymirrorServer server;

    @BeforeEach
    void start() throws Exception {
        new UserStore(data).add(ALICE, ALICE_PW.toCharArray());
        upstream = TestIndexServer.start().add(lib);
        Map<String, IndexConfig> indexes = new LinkedHashMap<>();
        indexes.put("pypi", MirrorConfig.defaults("pypi").withUpstream(URI.create(upstream.simpleUrl()))
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10)));
        indexes.put("internal", HostedConfig.defaults("internal"));
        indexes.put("topsecret", HostedConfig.defaults("topsecret").withRead(Audience.USERS));
        server = PymirrorServer.start(new ServerConfig("127.0.0.1", 0, data, false, "pypi", indexes));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        upstream.close();
    }

    HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        return ServerGet.get(http, server.baseUrl(), path, headers);
    }

    /**
     * Scrapes until {@code requests} requests other than the scrapes are counted: Jetty counts a
     * request once its answer has gone, which may be just after the client has read it.
     */
    /**
     * A scrape once {@code requests} are counted (see {@link #scrapeAfter}) and the pypi mirror's
     * cache holds at least {@code files}: what a mirror keeps after its answer (a fetched page's
     * metadata, a file found at start-up) is counted when it is kept.
     */
    Scrape scrapeOnceCached(int requests, int files) throws Exception {
        return Eventually.value(() -> scrapeAfter(requests),
                s -> s.sum("pymirror_cache_files", "index", "pypi") >= files, Duration.ofSeconds(10));
    }

    Scrape scrapeAfter(int requests) throws Exception {
        Scrape scrape = null;
        for (int i = 0; i < 100; i++) {
            HttpResponse<byte[]> r = get("/metrics");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
            scrape = Scrape.parse(new String(r.body(), StandardCharsets.UTF_8));
            double others = scrape.sum("pymirror_requests_total")
                    - scrape.sum("pymirror_requests_total", "index", "-", "status", "2xx");
            if (others >= requests) {
                return scrape;
            }
            Thread.sleep(50);
        }
        return scrape;
    }

    @Test
    void requestsThroughAnAsOfViewAreCountedByTheirRouteUnderTheirIndex() throws Exception {
        HttpResponse<byte[]> page = get("/pypi/+as-of/2999-01-01/simple/acme-lib/", "Accept", PIP_ACCEPT);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(get("/pypi/+as-of/2999-01-01/files/acme-lib/" + lib.filename()).statusCode()).isEqualTo(200);
        assertThat(get("/+as-of/2999-01-01/files/acme-lib/" + lib.filename() + ".metadata").statusCode()).isEqualTo(200);

        Scrape s = scrapeAfter(3);

        String requests = "pymirror_requests_total";
        assertThat(s.sum(requests, "index", "pypi", "route", "page", "status", "2xx")).isEqualTo(1);
        assertThat(s.sum(requests, "index", "pypi", "route", "file", "status", "2xx")).isEqualTo(1);
        assertThat(s.sum(requests, "index", "pypi", "route", "metadata", "status", "2xx")).isEqualTo(1);
    }

    @Test
    void eachRequestIsCountedOnceByIndexRouteStatusAndCacheResultWithItsBytes() throws Exception {
        long bytes = 0;
        assertThat(get("/nosuch/simple/acme-lib/").statusCode()).isEqualTo(404);
        HttpResponse<byte[]> miss = get("/pypi/simple/acme-lib/", "Accept", PIP_ACCEPT);
        assertThat(miss.statusCode()).isEqualTo(200);
        HttpResponse<byte[]> hit = get("/pypi/simple/acme-lib/", "Accept", PIP_ACCEPT);
        assertThat(hit.headers().firstValue("X-Pymirror-Cache")).hasValue("HIT");
        bytes += miss.body().length + hit.body().length;
        Matcher url = Pattern.compile("\"url\":\\s*\"([^\"]+)\"").matcher(new String(hit.body(), StandardCharsets.UTF_8));
        assertThat(url.find()).isTrue();
        String file = server.baseUrl().resolve("pypi/simple/acme-lib/").resolve(url.group(1)).getPath();
        HttpResponse<byte[]> fetched = get(file);
        HttpResponse<byte[]> stored = get(file);
        assertThat(fetched.body()).isEqualTo(lib.bytes());
        assertThat(stored.body()).isEqualTo(lib.bytes());
        bytes += 2L * lib.bytes().length;
        HttpResponse<byte[]> metadata = get(file + ".metadata");
        assertThat(metadata.statusCode()).isEqualTo(200);
        bytes += metadata.body().length;
        assertThat(get("/topsecret/simple/acme-lib/").statusCode()).isEqualTo(401);
        String basic = "Basic " + Base64.getEncoder().encodeToString((ALICE + ":" + ALICE_PW).getBytes(StandardCharsets.UTF_8));
        UploadForm form = UploadForm.of(Wheel.of("acme-up", "1.0").build(), "acme-up", "1.0");
        HttpResponse<String> upload = http.send(HttpRequest.newBuilder(server.baseUrl().resolve("internal/"))
                .header("Content-Type", form.contentType()).header("Authorization", basic)
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.body())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(upload.statusCode()).isEqualTo(200);

        // The metadata fetched for its request is answered from memory and kept after (MirrorIndex):
        // the cache counts it once kept.
        Scrape s = scrapeOnceCached(8, 2);

        String requests = "pymirror_requests_total";
        assertThat(s.sum(requests, "index", "pypi", "route", "page", "status", "2xx", "cache", "miss")).isEqualTo(1);
        assertThat(s.sum(requests, "index", "pypi", "route", "page", "status", "2xx", "cache", "hit")).isEqualTo(1);
        assertThat(s.sum(requests, "index", "pypi", "route", "file", "status", "2xx", "cache", "miss")).isEqualTo(1);
        assertThat(s.sum(requests, "index", "pypi", "route", "file", "status", "2xx", "cache", "hit")).isEqualTo(1);
        assertThat(s.sum(requests, "index", "pypi", "route", "metadata", "status", "2xx")).isEqualTo(1);
        assertThat(s.sum(requests, "index", "pypi")).isEqualTo(5);
        assertThat(s.sum(requests, "index", "internal", "route", "upload", "status", "2xx", "cache", "none")).isEqualTo(1);
        assertThat(s.sum(requests, "index", "restricted", "route", "page", "status", "4xx")).isEqualTo(1);
        assertThat(s.sum(requests, "index", "-", "route", "other", "status", "4xx")).isEqualTo(1);
        assertThat(s.sum("pymirror_served_bytes_total", "index", "pypi")).isEqualTo(bytes);
        assertThat(s.sum("pymirror_request_duration_seconds_count", "index", "pypi", "route", "page")).isEqualTo(2);
        assertThat(s.sum("pymirror_request_duration_seconds_bucket", "index", "pypi", "route", "file", "le", "+Inf"))
                .isEqualTo(2);
        // Every request the mirror sent its upstream, counted as answered.
        assertThat(s.sum("pymirror_upstream_requests_total", "index", "pypi", "result", "answer"))
                .isEqualTo(upstream.requests().size()).isPositive();
        assertThat(s.sum("pymirror_upstream_requests_total", "index", "pypi")).isEqualTo(upstream.requests().size());
        assertThat(s.sum("pymirror_upstream_state", "index", "pypi")).isZero();
        assertThat(s.sum("pymirror_downloads_in_flight", "index", "pypi")).isZero();
        // The cache: the wheel and its metadata, counted as they were published.
        assertThat(s.sum("pymirror_cache_files", "index", "pypi")).isEqualTo(2);
        assertThat(s.sum("pymirror_cache_bytes", "index", "pypi")).isEqualTo(lib.bytes().length + metadata.body().length);
        // The restricted index is not named, to anyone.
        assertThat(s.samples()).noneMatch(x -> x.labels().containsValue("topsecret"));
        // The example dashboard asks only for metrics the server writes.
        Matcher used = Pattern.compile("pymirror_[a-z_]+").matcher(Files.readString(Path.of("docs/grafana-dashboard.json")));
        Set<String> written = s.samples().stream().map(Scrape.Sample::name).collect(Collectors.toSet());
        int names = 0;
        while (used.find()) {
            assertThat(written).as("dashboard metric").contains(used.group());
            names++;
        }
        assertThat(names).isGreaterThan(5);
    }

    @Test
    void projectPagesAtTheRootAndAtAnIndexRootAreCountedAsPagesAndReservedNamesAsNoIndex() throws Exception {
        assertThat(get("/acme-lib/", "Accept", PIP_ACCEPT).statusCode()).isEqualTo(200);
        // Sent on to /pypi/simple/acme-lib/: a page's redirect.
        assertThat(get("/pypi/acme-lib/", "Accept", PIP_ACCEPT).statusCode()).isBetween(300, 399);
        assertThat(get("/pypi/").statusCode()).isEqualTo(301);
        assertThat(get("/Metrics/").statusCode()).isEqualTo(404);
        assertThat(get("/health").statusCode()).isEqualTo(200);

        Scrape s = scrapeAfter(4);

        assertThat(s.sum("pymirror_requests_total", "index", "pypi", "route", "page", "status", "2xx")).isEqualTo(1);
        assertThat(s.sum("pymirror_requests_total", "index", "pypi", "route", "page", "status", "3xx")).isEqualTo(1);
        assertThat(s.sum("pymirror_requests_total", "index", "pypi", "route", "other", "status", "3xx")).isEqualTo(1);
        assertThat(s.sum("pymirror_requests_total", "index", "-", "route", "other", "status", "4xx")).isEqualTo(1);
        assertThat(s.sum("pymirror_requests_total", "index", "-", "route", "other", "status", "2xx")).isPositive();
        assertThat(s.sum("pymirror_requests_total", "index", "pypi")).isEqualTo(3);
    }

    @Test
    void switchedOffNothingIsShownAndEveryRouteStillAnswers() throws Exception {
        server.close();
        // `metrics = false` in the configuration file, as an operator writes it.
        Path file = Files.writeString(data.resolve("pymirror.toml"), """
                port = 0
                data = "%s"
                metrics = false
                [index.pypi]
                upstream = "%s"
                """.formatted(data, upstream.simpleUrl()));
        server = PymirrorServer.start(dev.pymirror.server.config.ConfigFile.read(file));

        HttpResponse<byte[]> metrics = get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(404);
        assertThat(new String(metrics.body(), StandardCharsets.UTF_8)).doesNotContain("pymirror_");
        HttpResponse<byte[]> page = get("/simple/acme-lib/", "Accept", PIP_ACCEPT);
        assertThat(page.statusCode()).isEqualTo(200);
        String url = Pattern.compile("\"url\":\\s*\"([^\"]+)\"").matcher(new String(page.body(), StandardCharsets.UTF_8))
                .results().map(m -> m.group(1)).findFirst().orElseThrow();
        assertThat(http.send(HttpRequest.newBuilder(server.baseUrl().resolve("simple/acme-lib/").resolve(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body()).isEqualTo(lib.bytes());
        assertThat(get("/health").statusCode()).isEqualTo(200);
    }

    @Test
    void aCacheFoundAtStartUpIsCountedOnceAndThenAsItGrows() throws Exception {
        HttpResponse<byte[]> page = get("/pypi/simple/acme-lib/", "Accept", PIP_ACCEPT);
        Matcher url = Pattern.compile("\"url\":\\s*\"([^\"]+)\"").matcher(new String(page.body(), StandardCharsets.UTF_8));
        assertThat(url.find()).isTrue();
        String file = server.baseUrl().resolve("pypi/simple/acme-lib/").resolve(url.group(1)).getPath();
        assertThat(get(file).body()).isEqualTo(lib.bytes());
        server.close();

        server = PymirrorServer.start(new ServerConfig("127.0.0.1", 0, data, false, "pypi", Map.of("pypi",
                MirrorConfig.defaults("pypi").withUpstream(URI.create(upstream.simpleUrl())))));
        Scrape s = scrapeOnceCached(0, 1); // counted on a thread of its own
        assertThat(s.sum("pymirror_cache_files", "index", "pypi")).isEqualTo(1);
        assertThat(s.sum("pymirror_cache_bytes", "index", "pypi")).isEqualTo(lib.bytes().length);

        HttpResponse<byte[]> metadata = get(file + ".metadata");
        assertThat(metadata.statusCode()).isEqualTo(200);
        s = scrapeOnceCached(1, 2); // answered from memory, kept after
        assertThat(s.sum("pymirror_cache_files", "index", "pypi")).isEqualTo(2);
        assertThat(s.sum("pymirror_cache_bytes", "index", "pypi")).isEqualTo(lib.bytes().length + metadata.body().length);
    }

    @Test
    void upstreamFailuresAndTheCircuitAreShown() throws Exception {
        upstream.fault("/simple/acme-lib/", TestIndexServer.Fault.STATUS_500);
        int status = get("/pypi/simple/acme-lib/", "Accept", PIP_ACCEPT).statusCode();
        assertThat(status).isGreaterThanOrEqualTo(500);

        Scrape s = scrapeAfter(1);

        assertThat(s.sum("pymirror_upstream_requests_total", "index", "pypi", "result", "http_status")).isEqualTo(1);
        assertThat(s.sum("pymirror_upstream_duration_seconds_count", "index", "pypi")).isEqualTo(1);
        assertThat(s.sum("pymirror_requests_total", "index", "pypi", "route", "page", "status", "5xx")).isEqualTo(1);
        // An error status is an answer: the breaker stays closed.
        assertThat(s.sum("pymirror_upstream_state", "index", "pypi")).isZero();
    }
}
