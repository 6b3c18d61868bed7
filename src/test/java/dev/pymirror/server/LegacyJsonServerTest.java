package dev.pymirror.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pymirror.server.auth.UserStore;
import dev.pymirror.server.config.Audience;
import dev.pymirror.server.config.GroupConfig;
import dev.pymirror.server.config.HostedConfig;
import dev.pymirror.server.config.IndexConfig;
import dev.pymirror.server.config.MirrorConfig;
import dev.pymirror.server.config.ServerConfig;
import dev.pymirror.server.config.StaticConfig;
import dev.pymirror.testing.Sdist;
import dev.pymirror.testing.ServerGet;
import dev.pymirror.testing.TestIndexServer;
import dev.pymirror.testing.UploadForm;
import dev.pymirror.testing.Wheel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The legacy JSON API ({@code /pypi/<project>/json}, {@code /pypi/<project>/<version>/json}) of
 * each kind of index, over HTTP: what it shows, that its file URLs fetch the files, that a mirror
 * builds it without asking its upstream, and its errors. The shape against PyPI's documentation is
 * checked in {@code LegacyJsonDocumentTest}; poetry reads it in {@code LegacyJsonPoetryTest}.
 */
class LegacyJsonServerTest {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String ALICE = HostedServerTest.basic("alice", "alice-password");

    @TempDir
    Path data;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final Wheel lib10 = Wheel.of("Acme.Lib", "1.0").build();
    final Wheel lib11 = Wheel.of("Acme.Lib", "1.1").requires("six>=1.0", "rich; extra == 'cli'").extra("cli")
            .requiresPython(">=3.8").build();
    final Wheel lib20rc = Wheel.of("Acme.Lib", "2.0rc1").build();
    final Wheel internal10 = Wheel.of("acme-internal", "1.0").requires("acme-lib").build();
    final Wheel internal20 = Wheel.of("acme-internal", "2.0").build();
    final Sdist internalSrc = Sdist.of("acme-internal", "1.5").requires("attrs").build();
    final Wheel impostor = Wheel.of("acme-internal", "99.0").build();
    final Wheel tree10 = Wheel.of("acme-tree", "1.0").requires("acme-lib>=1").build();
    TestIndexServer upstream;
    PymirrorServer server;

    @BeforeEach
    void start() throws Exception {
        new UserStore(Files.createDirectories(data.resolve("data"))).add("alice", "alice-password".toCharArray());
        upstream = TestIndexServer.start().add(lib10, lib11, lib20rc, impostor);
        Path tree = Files.createDirectories(data.resolve("tree").resolve("acme-tree"));
        Files.write(tree.resolve(tree10.filename()), tree10.bytes());
        Files.writeString(tree.resolve("index.html"), "<!DOCTYPE html><html><body><a href=\"" + tree10.filename()
                + "#sha256=" + tree10.sha256() + "\">" + tree10.filename() + "</a></body></html>\n");
        Map<String, IndexConfig> indexes = new LinkedHashMap<>();
        // The mirror is named pypi, as the default configuration names it: /pypi/simple/ stays its own.
        indexes.put("pypi", MirrorConfig.defaults("pypi").withUpstream(URI.create(upstream.simpleUrl()))
                .withPageTtl(Duration.ZERO)
                // Each request waits for the upstream's answer: under load, the default 250 ms wait
                // would answer the cached page stale and the upstream's change unseen.
                .withBreaker(Duration.ofSeconds(30), MirrorConfig.DEFAULT_PROBE_INTERVAL).withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2)));
        indexes.put("internal", HostedConfig.defaults("internal"));
        indexes.put("wheels", StaticConfig.of("wheels", data.resolve("tree")));
        indexes.put("main", GroupConfig.of("main", List.of("internal", "wheels", "pypi")));
        indexes.put("closed", GroupConfig.of("closed", List.of("main")).withRead(Audience.USERS));
        server = PymirrorServer.start(new ServerConfig("127.0.0.1", 0, data.resolve("data"), false, "main", indexes));
        for (Wheel w : List.of(internal10, internal20)) {
            upload(UploadForm.of(w, "acme-internal", w.filename().split("-")[1]));
        }
        upload(UploadForm.of(internalSrc.filename(), internalSrc.bytes(), "acme-internal", "1.5"));
        HttpResponse<String> yank = http.send(HttpRequest.newBuilder(server.baseUrl().resolve(
                "internal/files/acme-internal/" + internal20.filename() + "?action=yank&reason=broken%20build"))
                .header("Authorization", ALICE).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(yank.statusCode()).as(yank.body()).isEqualTo(200);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        upstream.close();
    }

    void upload(UploadForm form) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.baseUrl().resolve("internal/"))
                .header("Authorization", ALICE).header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.body())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        return ServerGet.get(http, server.baseUrl(), path, headers);
    }

    JsonNode json(String path) throws Exception {
        HttpResponse<byte[]> r = get(path);
        assertThat(r.statusCode()).as(path + ": " + new String(r.body())).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        return MAPPER.readTree(r.body());
    }

    /** Every file URL of a document fetches that file's bytes from this server. */
    void urlsFetch(JsonNode doc, Map<String, byte[]> bytesByName) throws Exception {
        List<JsonNode> files = new ArrayList<>();
        doc.get("urls").forEach(files::add);
        if (doc.has("releases")) {
            doc.get("releases").forEach(r -> r.forEach(files::add));
        }
        assertThat(files).isNotEmpty();
        for (JsonNode f : files) {
            URI url = URI.create(f.get("url").asText());
            assertThat(url.getAuthority()).isEqualTo(server.baseUrl().getAuthority());
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).as(url.toString()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(bytesByName.get(f.get("filename").asText()));
        }
    }

    static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    @Test
    void aMirrorBuildsItFromItsPageAndMetadataWithoutAskingTheUpstreamsJsonApi() throws Exception {
        JsonNode doc = json("/pypi/pypi/acme-lib/json");
        JsonNode info = doc.get("info");
        assertThat(info.get("name").asText()).isEqualTo("Acme.Lib");
        assertThat(info.get("version").asText()).isEqualTo("1.1"); // not the release candidate
        assertThat(info.get("summary").asText()).isEqualTo("A test package");
        assertThat(info.get("requires_python").asText()).isEqualTo(">=3.8");
        assertThat(info.get("requires_dist")).extracting(JsonNode::asText)
                .containsExactly("six>=1.0", "rich; extra == 'cli'");
        assertThat(keys(doc.get("releases"))).containsExactly("1.0", "1.1", "2.0rc1");
        assertThat(doc.get("urls")).singleElement().satisfies(f -> {
            assertThat(f.get("filename").asText()).isEqualTo(lib11.filename());
            assertThat(f.get("url").asText()).isEqualTo(server.baseUrl() + "pypi/files/acme-lib/" + lib11.filename());
            assertThat(f.get("digests").get("sha256").asText()).isEqualTo(lib11.sha256());
            assertThat(f.get("size").asLong()).isEqualTo(lib11.bytes().length);
            assertThat(f.get("packagetype").asText()).isEqualTo("bdist_wheel");
            assertThat(f.get("python_version").asText()).isEqualTo("py3");
        });
        assertThat(doc.get("vulnerabilities").isArray()).isTrue();
        urlsFetch(doc, Map.of(lib10.filename(), lib10.bytes(), lib11.filename(), lib11.bytes(),
                lib20rc.filename(), lib20rc.bytes()));
        // One metadata file was asked for (the release shown), and never a JSON API of the upstream.
        assertThat(upstream.requests()).noneMatch(r -> r.contains("/pypi/"));
        assertThat(upstream.hits("/files/" + lib11.filename() + ".metadata")).isEqualTo(1);
        assertThat(upstream.hits("/files/" + lib10.filename() + ".metadata")).isZero();

        JsonNode rc = json("/pypi/pypi/acme-lib/2.0rc1/json");
        assertThat(keys(rc)).doesNotContain("releases");
        assertThat(rc.get("info").get("version").asText()).isEqualTo("2.0rc1");
        assertThat(rc.get("urls")).extracting(f -> f.get("filename").asText()).containsExactly(lib20rc.filename());
    }

    @Test
    void aMirrorWhoseUpstreamServesNoMetadataReadsItOutOfTheSmallestWheel() throws Exception {
        // Listed first (the upstream sorts by name), and far larger than the pure-Python wheel.
        Wheel platform = Wheel.of("Acme.Lib", "1.1").requires("six>=1.0", "rich; extra == 'cli'").extra("cli")
                .requiresPython(">=3.8").tag("cp312-cp312-manylinux_2_17_x86_64").payload(2_000_000, 7).build();
        upstream.add(platform).serveMetadata(false);
        JsonNode doc = json("/pypi/pypi/acme-lib/1.1/json");
        assertThat(doc.get("urls")).extracting(f -> f.get("filename").asText())
                .containsExactly(platform.filename(), lib11.filename());
        assertThat(doc.get("info").get("requires_dist")).extracting(JsonNode::asText)
                .containsExactly("six>=1.0", "rich; extra == 'cli'");
        assertThat(upstream.hits("/files/" + lib11.filename())).isEqualTo(1);
        assertThat(upstream.hits("/files/" + platform.filename())).isZero();
    }

    @Test
    void aMirrorWhoseUpstreamFailsServesWhatItCachedMarkedStaleAndOtherwiseAJson502() throws Exception {
        assertThat(json("/pypi/pypi/acme-lib/json").get("info").get("version").asText()).isEqualTo("1.1");
        upstream.stop();
        HttpResponse<byte[]> stale = get("/pypi/pypi/acme-lib/json");
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.headers().firstValue("X-Pymirror-Cache")).hasValue("STALE");
        assertThat(stale.headers().firstValue("Warning")).hasValue("110 pymirror \"Response is Stale\"");
        assertThat(MAPPER.readTree(stale.body()).get("info").get("requires_dist")).hasSize(2);
        HttpResponse<byte[]> never = get("/pypi/pypi/acme-never/json");
        assertThat(never.statusCode()).isEqualTo(502);
        assertThat(never.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(MAPPER.readTree(never.body()).get("status").asInt()).isEqualTo(502);
    }

    @Test
    void aHostedIndexShowsItsUploadsWithUploadTimesAndYanks() throws Exception {
        JsonNode doc = json("/internal/pypi/acme-internal/json");
        assertThat(keys(doc.get("releases"))).containsExactly("1.0", "1.5", "2.0");
        // 2.0 is yanked: the document shows the newest release that is not.
        assertThat(doc.get("info").get("version").asText()).isEqualTo("1.5");
        // 1.5 has only an sdist, whose PKG-INFO (metadata 2.2, static dependencies) is served.
        assertThat(doc.get("info").get("requires_dist")).extracting(JsonNode::asText).containsExactly("attrs");
        JsonNode sdist = doc.get("urls").get(0);
        assertThat(sdist.get("packagetype").asText()).isEqualTo("sdist");
        assertThat(sdist.get("python_version").asText()).isEqualTo("source");
        assertThat(sdist.get("upload_time_iso_8601").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
        assertThat(sdist.get("upload_time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d");
        JsonNode yanked = doc.get("releases").get("2.0").get(0);
        assertThat(yanked.get("yanked").asBoolean()).isTrue();
        assertThat(yanked.get("yanked_reason").asText()).isEqualTo("broken build");
        urlsFetch(doc, Map.of(internal10.filename(), internal10.bytes(), internal20.filename(), internal20.bytes(),
                internalSrc.filename(), internalSrc.bytes()));

        JsonNode release = json("/internal/pypi/acme-internal/2.0/json");
        assertThat(release.get("info").get("yanked").asBoolean()).isTrue();
        assertThat(release.get("info").get("yanked_reason").asText()).isEqualTo("broken build");
        assertThat(release.get("info").get("requires_dist").isNull()).isTrue(); // it lists none
        JsonNode old = json("/internal/pypi/acme-internal/1.0/json");
        assertThat(old.get("info").get("requires_dist")).extracting(JsonNode::asText).containsExactly("acme-lib");
        assertThat(old.get("info").get("yanked").asBoolean()).isFalse();
    }

    @Test
    void aStaticIndexReadsItsMetadataOutOfTheTreesWheels() throws Exception {
        JsonNode doc = json("/wheels/pypi/acme-tree/json");
        assertThat(doc.get("info").get("name").asText()).isEqualTo("acme-tree");
        assertThat(doc.get("info").get("version").asText()).isEqualTo("1.0");
        assertThat(doc.get("info").get("requires_dist")).extracting(JsonNode::asText).containsExactly("acme-lib>=1");
        assertThat(doc.get("urls").get(0).get("url").asText())
                .isEqualTo(server.baseUrl() + "wheels/files/acme-tree/" + tree10.filename());
        urlsFetch(doc, Map.of(tree10.filename(), tree10.bytes()));
    }

    @Test
    void theDefaultGroupAnswersAtTheRootWithTheOwningMembersVersionsOnly() throws Exception {
        HttpResponse<byte[]> r = get("/pypi/acme-internal/json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Pymirror-Index-Member")).hasValue("internal");
        JsonNode doc = MAPPER.readTree(r.body());
        assertThat(keys(doc.get("releases"))).containsExactly("1.0", "1.5", "2.0").doesNotContain("99.0");
        assertThat(doc.get("urls").get(0).get("url").asText())
                .isEqualTo(server.baseUrl() + "files/acme-internal/" + internalSrc.filename());
        urlsFetch(doc, Map.of(internal10.filename(), internal10.bytes(), internal20.filename(), internal20.bytes(),
                internalSrc.filename(), internalSrc.bytes()));
        assertThat(upstream.hits("/simple/acme-internal/")).isZero();

        JsonNode mirrored = json("/main/pypi/acme-lib/json");
        assertThat(mirrored.get("info").get("version").asText()).isEqualTo("1.1");
        assertThat(mirrored.get("urls").get(0).get("url").asText())
                .isEqualTo(server.baseUrl() + "main/files/acme-lib/" + lib11.filename());
        assertThat(json("/pypi/acme-tree/json").get("info").get("version").asText()).isEqualTo("1.0");
    }

    @Test
    void anIndexNamedPypiKeepsItsRoutesBesideTheJsonApiAtTheRoot() throws Exception {
        assertThat(get("/pypi/simple/acme-lib/").statusCode()).isEqualTo(200);
        assertThat(get("/pypi/").statusCode()).isEqualTo(301);
        assertThat(get("/pypi/files/acme-lib/" + lib10.filename()).body()).isEqualTo(lib10.bytes());
        // At the root, /pypi/<project>/json is the default index's (the group), at /pypi/pypi/ the mirror's.
        assertThat(get("/pypi/acme-lib/json").headers().firstValue("X-Pymirror-Index-Member")).hasValue("pypi");
        assertThat(get("/pypi/pypi/acme-lib/json").headers().firstValue("X-Pymirror-Index-Member")).isEmpty();
    }

    @Test
    void withoutAnIndexNamedPypiEveryPathUnderPypiAtTheRootIsTheJsonApi() throws Exception {
        Map<String, IndexConfig> indexes = new LinkedHashMap<>();
        indexes.put("internal", HostedConfig.defaults("internal"));
        server.close(); // a data directory is one server's: the same uploads, served without the other indexes
        server = PymirrorServer.start(new ServerConfig("127.0.0.1", 0, data.resolve("data"), false, "internal", indexes));
        assertThat(json("/pypi/acme-internal/json").get("info").get("version").asText()).isEqualTo("1.5");
        HttpResponse<byte[]> simple = get("/pypi/simple/json");
        assertThat(simple.statusCode()).isEqualTo(404);
        assertThat(MAPPER.readTree(simple.body()).get("message").asText())
                .isEqualTo("index 'internal' has no project 'simple'");
        HttpResponse<byte[]> bare = get("/pypi/");
        assertThat(bare.statusCode()).isEqualTo(404);
        assertThat(bare.headers().firstValue("Content-Type")).hasValue("application/json");
    }

    @Test
    void unknownProjectsAndVersionsAre404WithAJsonBody() throws Exception {
        for (String path : List.of("/pypi/nothing-here/json", "/internal/pypi/nothing-here/json",
                "/pypi/pypi/acme-lib/3.0/json", "/internal/pypi/acme-internal/1.1/json", "/wheels/pypi/acme-tree/x/json",
                "/pypi/acme-lib/json/extra", "/internal/pypi/acme-internal/1.0/json.html")) {
            HttpResponse<byte[]> r = get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.headers().firstValue("Content-Type")).as(path).hasValue("application/json");
            JsonNode error = MAPPER.readTree(r.body());
            assertThat(error.get("status").asInt()).isEqualTo(404);
            assertThat(error.get("message").asText()).as(path).isNotBlank().doesNotContain(data.toString());
        }
        assertThat(MAPPER.readTree(get("/pypi/pypi/acme-lib/3.0/json").body()).get("message").asText())
                .isEqualTo("project 'acme-lib' of index 'pypi' has no version '3.0'");
        // With an index named pypi, /pypi/<project>/ is that index's project page (an index's root is its index).
        HttpResponse<byte[]> page = get("/pypi/acme-lib/");
        assertThat(page.statusCode()).isEqualTo(301);
        assertThat(page.headers().firstValue("Location").orElseThrow()).endsWith("/pypi/simple/acme-lib/");
        assertThat(MAPPER.readTree(get("/internal/pypi/nothing-here/json").body()).get("message").asText())
                .isEqualTo("index 'internal' has no project 'nothing-here'");
    }

    @Test
    void namesAreNormalizedByRedirectAndVersionsMatchAsPep440Does() throws Exception {
        HttpResponse<byte[]> r = get("/pypi/Acme.Lib/1.1/json?x=1");
        assertThat(r.statusCode()).isEqualTo(301);
        assertThat(r.headers().firstValue("Location")).hasValueSatisfying(
                l -> assertThat(l).endsWith("/pypi/acme-lib/1.1/json?x=1"));
        assertThat(get("/internal/pypi/ACME_internal/json").headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/internal/pypi/acme-internal/json"));
        assertThat(json("/pypi/acme-lib/1.1.0/json").get("info").get("version").asText()).isEqualTo("1.1");
    }

    @Test
    void aClosedIndexWantsCredentialsAndOnlyReadsAreAllowed() throws Exception {
        assertThat(get("/closed/pypi/acme-lib/json").statusCode()).isEqualTo(401);
        HttpResponse<byte[]> r = get("/closed/pypi/acme-lib/json", "Authorization", ALICE);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).hasValueSatisfying(c -> assertThat(c).contains("private"));
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(server.baseUrl().resolve("pypi/acme-lib/json"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    @Test
    void aRepeatedRequestIsAnsweredWithNotModified() throws Exception {
        // A hosted project: a mirror's document may change once it has cached what its page then shows.
        HttpResponse<byte[]> first = get("/internal/pypi/acme-internal/json");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(get("/internal/pypi/acme-internal/json", "If-None-Match", etag).statusCode()).isEqualTo(304);
        assertThat(get("/internal/pypi/acme-internal/json", "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
    }
}
