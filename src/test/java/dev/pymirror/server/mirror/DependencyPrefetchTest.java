package dev.pymirror.server.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pymirror.packaging.ProjectName;
import dev.pymirror.server.PymirrorServer;
import dev.pymirror.server.config.MirrorConfig;
import dev.pymirror.server.config.ServerConfig;
import dev.pymirror.testing.Eventually;
import dev.pymirror.testing.ServerGet;
import dev.pymirror.testing.TestIndexServer;
import dev.pymirror.testing.TestIndexServer.Fault;
import dev.pymirror.testing.Wheel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code prefetch-dependencies}: once a wheel's metadata is kept, or the wheel is stored when no
 * client read its metadata, the mirror asks its upstream for the pages of the wheel's dependencies
 * before any client does, leaving out those behind an extra, and a dependency the upstream cannot
 * give breaks nothing.
 */
class DependencyPrefetchTest {

    /** How long the background fetches may take on a busy machine before the test gives up. */
    private static final Duration PATIENCE = Duration.ofSeconds(5);

    @RegisterExtension
    final OpenedMirrors mirrors = new OpenedMirrors();

    @TempDir
    Path tmp;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final Wheel app = Wheel.of("acme-app", "1.0").extra("test")
            .requires("acme-lib>=1.0", "acme-test; extra == \"test\"", "Acme_Util; python_version >= \"3\"").build();
    final Wheel lib = Wheel.of("acme-lib", "1.1").build();
    final Wheel util = Wheel.of("acme-util", "1.0").build();
    final Wheel test = Wheel.of("acme-test", "1.0").build();
    /** Needs a project the upstream does not have (404) and one it fails on (500, in the test that says so). */
    final Wheel tool = Wheel.of("acme-tool", "1.0").requires("acme-ghost", "acme-util").build();
    TestIndexServer upstream;
    PymirrorServer server;

    void start(boolean prefetch) throws Exception {
        upstream = TestIndexServer.start().add(app, lib, util, test, tool);
        MirrorConfig mirror = MirrorConfig.defaults("pypi").withUpstream(URI.create(upstream.simpleUrl()))
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10)).withPrefetchDependencies(prefetch);
        server = PymirrorServer.start(new ServerConfig("127.0.0.1", 0, tmp.resolve("data"), false, "pypi",
                Map.of("pypi", mirror)));
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    HttpResponse<byte[]> get(String path) throws Exception {
        return ServerGet.get(http, server.baseUrl(), path);
    }

    /** What pip does first: the application's page, then its wheel. */
    void downloadApp() throws Exception {
        assertThat(get("/simple/acme-app/").statusCode()).isEqualTo(200);
        HttpResponse<byte[]> wheel = get("/files/acme-app/" + app.filename());
        assertThat(wheel.statusCode()).isEqualTo(200);
        assertThat(wheel.body()).isEqualTo(app.bytes());
    }

    @Test
    void theDependenciesPagesAreAskedForOnceTheMetadataIsKeptBeforeAnyClientAsks() throws Exception {
        start(true);
        // pip with PEP 658: the page, then the wheel's metadata; the wheel itself only once all is resolved.
        assertThat(get("/simple/acme-app/").statusCode()).isEqualTo(200);
        HttpResponse<byte[]> metadata = get("/files/acme-app/" + app.filename() + ".metadata");
        assertThat(metadata.statusCode()).isEqualTo(200);
        assertThat(metadata.body()).isEqualTo(app.metadata());

        assertThat(Eventually.holds(() -> upstream.hits("/simple/acme-lib/") == 1
                && upstream.hits("/simple/acme-util/") == 1, PATIENCE))
                .as("the upstream asked for the dependencies' pages, asked so far: %s", upstream.requests())
                .isTrue();
        assertThat(upstream.hits("/simple/acme-test/")).isZero();
        assertThat(upstream.hits("/files/" + app.filename())).as("the wheel is not fetched for it").isZero();
        assertThat(get("/simple/acme-lib/").statusCode()).isEqualTo(200);
        assertThat(upstream.hits("/simple/acme-lib/")).isEqualTo(1);
    }

    @Test
    void withoutMetadataOnThePageTheyAreAskedForOnceTheWheelIsStoredAndThoseOfAnExtraNever() throws Exception {
        start(true);
        upstream.serveMetadata(false);
        downloadApp();

        assertThat(Eventually.holds(() -> upstream.hits("/simple/acme-lib/") == 1
                && upstream.hits("/simple/acme-util/") == 1, PATIENCE))
                .as("the upstream asked for the dependencies' pages, asked so far: %s", upstream.requests())
                .isTrue();
        assertThat(upstream.hits("/simple/acme-test/")).isZero();

        // pip's own request for the page finds it cached, or joins the fetch under way: once asked.
        HttpResponse<byte[]> page = get("/simple/acme-lib/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(new String(page.body(), StandardCharsets.UTF_8)).contains(lib.filename());
        assertThat(upstream.hits("/simple/acme-lib/")).isEqualTo(1);
        assertThat(get("/simple/acme-lib/").headers().firstValue("X-Pymirror-Cache")).hasValue("HIT");
        assertThat(upstream.hits("/simple/acme-lib/")).isEqualTo(1);
        // A project's page is fetched once, not again for the next wheel that names it.
        assertThat(upstream.hits("/simple/acme-app/")).isEqualTo(1);
    }

    @Test
    void healthSaysWhetherTheSettingIsOn() throws Exception {
        start(true);
        assertThat(new ObjectMapper().readTree(get("/health").body()).at("/indexes/pypi/prefetch-dependencies")
                .asBoolean(false)).isTrue();
        server.close();
        upstream.close();
        start(false);
        JsonNode off = new ObjectMapper().readTree(get("/health").body()).at("/indexes/pypi/prefetch-dependencies");
        assertThat(off.isBoolean()).as("said when off too: %s", off).isTrue();
        assertThat(off.booleanValue()).isFalse();
    }

    @Test
    void withoutTheSettingNoPageIsAskedForAhead() throws Exception {
        start(false);
        downloadApp();
        assertThat(get("/files/acme-app/" + app.filename() + ".metadata").statusCode()).isEqualTo(200);
        // A stop waits for whatever the mirror's own threads still do (a prefetch among them).
        server.close();
        assertThat(upstream.hits("/simple/acme-lib/")).isZero();
        assertThat(upstream.hits("/simple/acme-util/")).isZero();
    }

    @Test
    void aDependencyTheUpstreamCannotGiveBreaksNothing() throws Exception {
        start(true);
        upstream.fault("/simple/acme-util/", Fault.STATUS_500);
        assertThat(get("/simple/acme-tool/").statusCode()).isEqualTo(200);
        HttpResponse<byte[]> wheel = get("/files/acme-tool/" + tool.filename());
        assertThat(wheel.statusCode()).isEqualTo(200);
        assertThat(wheel.body()).isEqualTo(tool.bytes());

        assertThat(Eventually.holds(() -> upstream.hits("/simple/acme-ghost/") == 1
                && upstream.hits("/simple/acme-util/") == 1, PATIENCE)).as("asked: %s", upstream.requests()).isTrue();
        // The clients' own requests are answered as without the prefetch: what the upstream says now.
        assertThat(get("/simple/acme-ghost/").statusCode()).isEqualTo(404);
        assertThat(get("/simple/acme-util/").statusCode()).isEqualTo(502);
        upstream.clearFaults();
        assertThat(get("/simple/acme-util/").statusCode()).isEqualTo(200);
        downloadApp();
        assertThat(get("/files/acme-tool/" + tool.filename()).statusCode()).isEqualTo(200);
    }

    @Test
    void aStopWaitsForAPrefetchFromItsHandingOverNotFromWhenItsThreadRuns() throws Exception {
        upstream = TestIndexServer.start().add(app, lib, util, test, tool);
        upstream.slowness(Duration.ofMillis(600)).fault("/simple/acme-lib/", Fault.SLOW);
        MirrorConfig config = MirrorConfig.defaults("pypi").withUpstream(URI.create(upstream.simpleUrl()))
                .withPrefetchDependencies(true);
        MirrorIndex index = mirrors.add(new MirrorIndex(config, tmp.resolve("index"), false, Clock.systemUTC()));
        ProjectName project = ProjectName.of("acme-app");
        index.page(project);
        index.metadata(project, app.filename());

        // Handed over as the metadata was kept; its thread may not have run yet, and its fetch is slow.
        assertThat(index.awaitWrites(Duration.ZERO)).as("the prefetch is under way").isFalse();
        assertThat(index.awaitWrites(PATIENCE)).isTrue();
        assertThat(upstream.hits("/simple/acme-lib/")).isEqualTo(1);
        assertThat(index.readyPage(ProjectName.of("acme-lib"))).isPresent();
    }

    @Test
    void onlyTheDependenciesThatApplyWithoutAnExtraAndHaveAPage() {
        byte[] metadata = ("Metadata-Version: 2.1\nName: acme-app\nVersion: 1.0\nProvides-Extra: test\n"
                + "Requires-Dist: acme-lib>=1.0\n"
                + "Requires-Dist: acme-test; extra == \"test\"\n"
                + "Requires-Dist: acme-doc; python_version >= \"3\" and extra == \"doc\"\n"
                + "Requires-Dist: Acme_Util; sys_platform == \"win32\"\n"
                + "Requires-Dist: acme-lib[fast]; python_version < \"3.9\"\n"
                + "Requires-Dist: acme-direct @ https://example.org/acme_direct-1.0-py3-none-any.whl\n"
                + "Requires-Dist: not a requirement!\n"
                + "Requires-Dist: acme-last\n").getBytes(StandardCharsets.UTF_8);
        assertThat(DependencyPrefetch.dependencies(metadata)).containsExactly(ProjectName.of("acme-lib"),
                ProjectName.of("acme-util"), ProjectName.of("acme-last"));
    }
}
