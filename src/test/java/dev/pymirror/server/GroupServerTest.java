package dev.pymirror.server;

import static dev.pymirror.testing.ServerGet.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.server.auth.UserStore;
import dev.pymirror.server.config.Audience;
import dev.pymirror.server.config.GroupConfig;
import dev.pymirror.server.config.HostedConfig;
import dev.pymirror.server.config.IndexConfig;
import dev.pymirror.server.config.MirrorConfig;
import dev.pymirror.server.config.ServerConfig;
import dev.pymirror.testing.ServerGet;
import dev.pymirror.testing.TestIndexServer;
import dev.pymirror.testing.UploadForm;
import dev.pymirror.testing.Wheel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group indexes over HTTP: which member owns a project, that no other member's versions of it
 * show (dependency confusion), the projects configured to mix, and what a failing member does.
 * pip judges the same in {@link HostedTwinePipTest}.
 */
class GroupServerTest {

    @TempDir
    Path data;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final Wheel internal = Wheel.of("acme-internal", "1.0").build();
    final Wheel impostor = Wheel.of("acme-internal", "99.0").build();
    final Wheel lib = Wheel.of("acme-lib", "1.1").build();
    final Wheel sharedPrivate = Wheel.of("acme-shared", "1.0").build();
    final Wheel sharedPublic = Wheel.of("acme-shared", "2.0").build();
    final Wheel vaulted = Wheel.of("acme-vaulted", "1.0").build();
    TestIndexServer upstream;
    PymirrorServer server;

    @BeforeEach
    void start() throws Exception {
        new UserStore(data).add("alice", "alice-password".toCharArray());
        upstream = TestIndexServer.start().add(impostor, lib, sharedPublic);
        Map<String, IndexConfig> indexes = new LinkedHashMap<>();
        indexes.put("pypi", MirrorConfig.defaults("pypi").withUpstream(URI.create(upstream.simpleUrl()))
                .withPageTtl(Duration.ZERO).withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2)));
        indexes.put("internal", HostedConfig.defaults("internal"));
        indexes.put("main", new GroupConfig("main", Audience.ANYONE, List.of("internal", "pypi"), Set.of("Acme_Shared")));
        indexes.put("mirror-first", GroupConfig.of("mirror-first", List.of("pypi", "internal")));
        indexes.put("closed", GroupConfig.of("closed", List.of("main")).withRead(Audience.USERS));
        indexes.put("vault", HostedConfig.defaults("vault").withRead(Audience.USERS));
        indexes.put("front", GroupConfig.of("front", List.of("vault", "pypi")));
        server = PymirrorServer.start(new ServerConfig("127.0.0.1", 0, data, false, "main", indexes));
        for (Wheel w : List.of(internal, sharedPrivate, vaulted)) {
            String name = w.filename().substring(0, w.filename().indexOf('-')).replace('_', '-');
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.baseUrl().resolve(w == vaulted ? "vault/" : "internal/"))
                    .header("Authorization", HostedServerTest.basic("alice", "alice-password"))
                    .header("Content-Type", UploadForm.of(w, name, "1.0").contentType())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(UploadForm.of(w, name, "1.0").body())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        upstream.close();
    }

    HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        return ServerGet.get(http, server.baseUrl(), path, headers);
    }

    @Test
    void aPrivateProjectIsOwnedByTheHostedMemberAndNoPublicVersionShows() throws Exception {
        HttpResponse<byte[]> page = get("/main/simple/acme-internal/", "Accept", JSON);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("X-Pymirror-Index-Member")).hasValue("internal");
        String body = new String(page.body());
        assertThat(body).contains(internal.filename()).doesNotContain(impostor.filename()).doesNotContain("99.0");
        assertThat(new String(get("/simple/acme-internal/").body())).doesNotContain("99.0");
        // The mirror is never even asked about a name the hosted member owns.
        assertThat(upstream.hits("/simple/acme-internal/")).isZero();
        assertThat(get("/main/files/acme-internal/" + internal.filename()).body()).isEqualTo(internal.bytes());
        assertThat(get("/main/files/acme-internal/" + internal.filename() + ".metadata").body()).isEqualTo(internal.metadata());
        assertThat(get("/main/files/acme-internal/" + impostor.filename()).statusCode()).isEqualTo(404);
        assertThat(upstream.hits("/files/" + impostor.filename())).isZero();
    }

    @Test
    void aPublicProjectComesThroughTheMirrorMember() throws Exception {
        HttpResponse<byte[]> page = get("/main/simple/acme-lib/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("X-Pymirror-Index-Member")).hasValue("pypi");
        assertThat(new String(page.body())).contains("href=\"../../files/acme-lib/" + lib.filename());
        assertThat(get("/main/files/acme-lib/" + lib.filename()).body()).isEqualTo(lib.bytes());
        assertThat(get("/main/files/acme-lib/" + lib.filename() + ".metadata").body()).isEqualTo(lib.metadata());
        assertThat(upstream.hits("/files/" + lib.filename())).isEqualTo(1);
    }

    @Test
    void aProjectNamedInMixGetsTheFilesOfEveryMember() throws Exception {
        HttpResponse<byte[]> page = get("/main/simple/acme-shared/", "Accept", JSON);
        assertThat(page.headers().firstValue("X-Pymirror-Index-Member")).hasValue("internal, pypi");
        assertThat(new String(page.body())).contains(sharedPrivate.filename()).contains(sharedPublic.filename())
                .contains("\"versions\":[\"1.0\",\"2.0\"]");
        assertThat(get("/main/files/acme-shared/" + sharedPrivate.filename()).body()).isEqualTo(sharedPrivate.bytes());
        assertThat(get("/main/files/acme-shared/" + sharedPublic.filename()).body()).isEqualTo(sharedPublic.bytes());
        // Without mix, the same project is the first member's alone.
        assertThat(new String(get("/mirror-first/simple/acme-shared/").body())).contains(sharedPublic.filename())
                .doesNotContain(sharedPrivate.filename());
    }

    @Test
    void aProjectNoMemberHasIs404NamingTheMembers() throws Exception {
        HttpResponse<byte[]> r = get("/main/simple/nothing-here/");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(new String(r.body())).contains("no member of group 'main' (internal, pypi) has project 'nothing-here'");
    }

    @Test
    void aMemberThatCannotAnswerStopsTheSearchInsteadOfHandingTheNameOn() throws Exception {
        upstream.stop();
        // The hosted member comes first and answers for its own project.
        assertThat(get("/main/simple/acme-internal/").statusCode()).isEqualTo(200);
        HttpResponse<byte[]> unknown = get("/main/simple/acme-lib/");
        assertThat(unknown.statusCode()).isEqualTo(502);
        assertThat(new String(unknown.body())).contains("group 'main' cannot tell which member owns 'acme-lib':"
                + " member 'pypi' failed");
        // With the mirror first, a failing mirror does not hand acme-internal to the next member either.
        HttpResponse<byte[]> mirrorFirst = get("/mirror-first/simple/acme-internal/");
        assertThat(mirrorFirst.statusCode()).isEqualTo(502);
    }

    @Test
    void theProjectListIsEveryMembersAndAClosedGroupNeedsCredentials() throws Exception {
        String list = new String(get("/main/simple/", "Accept", JSON).body());
        assertThat(list).contains("\"name\":\"acme-internal\"").contains("\"name\":\"acme-lib\"")
                .contains("\"name\":\"acme-shared\"");
        assertThat(get("/closed/simple/acme-lib/").statusCode()).isEqualTo(401);
        HttpResponse<byte[]> nested = get("/closed/simple/acme-internal/",
                "Authorization", HostedServerTest.basic("alice", "alice-password"));
        assertThat(nested.statusCode()).isEqualTo(200);
        assertThat(nested.headers().firstValue("X-Pymirror-Index-Member")).hasValue("main/internal");
        assertThat(new String(get("/health").body())).contains("\"kind\" : \"group\"").contains("\"members\" : [ \"internal\", \"pypi\" ]");
    }

    @Test
    void anOpenGroupNamesAClosedMemberOnlyToThoseWhoMayReadIt() throws Exception {
        HttpResponse<byte[]> stranger = get("/front/simple/acme-vaulted/", "Accept", JSON);
        assertThat(stranger.statusCode()).isEqualTo(200);
        assertThat(stranger.headers().firstValue("X-Pymirror-Index-Member")).isEmpty();
        HttpResponse<byte[]> strangerJson = get("/front/pypi/acme-vaulted/json");
        assertThat(strangerJson.statusCode()).isEqualTo(200);
        assertThat(strangerJson.headers().firstValue("X-Pymirror-Index-Member")).isEmpty();
        HttpResponse<byte[]> reader = get("/front/simple/acme-vaulted/", "Accept", JSON,
                "Authorization", HostedServerTest.basic("alice", "alice-password"));
        assertThat(reader.headers().firstValue("X-Pymirror-Index-Member")).hasValue("vault");
        // Nor does its 404 name it; an open member is still named to anyone.
        HttpResponse<byte[]> missing = get("/front/simple/nothing-here/");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(new String(missing.body())).doesNotContain("vault")
                .contains("no member of group 'front' (one that needs a login, pypi) has project 'nothing-here'");
        assertThat(get("/front/simple/acme-lib/").headers().firstValue("X-Pymirror-Index-Member")).hasValue("pypi");
    }
}
