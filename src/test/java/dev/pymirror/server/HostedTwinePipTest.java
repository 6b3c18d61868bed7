package dev.pymirror.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.server.auth.ApiToken;
import dev.pymirror.server.auth.UserStore;
import dev.pymirror.server.config.Audience;
import dev.pymirror.server.config.GroupConfig;
import dev.pymirror.server.config.HostedConfig;
import dev.pymirror.server.config.IndexConfig;
import dev.pymirror.server.config.MirrorConfig;
import dev.pymirror.server.config.ServerConfig;
import dev.pymirror.testing.Pip;
import dev.pymirror.testing.Sdist;
import dev.pymirror.testing.TestIndexServer;
import dev.pymirror.testing.ToolRun;
import dev.pymirror.testing.Twine;
import dev.pymirror.testing.Wheel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hosted and group indexes judged by the real twine and the real pip, each in a clean environment:
 * upload, install through a group whose mirror member brings the dependencies, the
 * dependency-confusion attack that the group stops, yanked files, and what twine shows for each
 * refusal.
 */
@Tag("slow")
class HostedTwinePipTest {

    static final String ALICE_PW = "alice-password";

    @TempDir
    Path tmp;

    final Wheel lib = Wheel.of("acme-lib", "1.1").payload(50_000, 5).build();
    final Wheel impostor = Wheel.of("acme-internal", "99.0").build();
    TestIndexServer upstream;
    PymirrorServer server;
    UserStore users;
    Twine twine;
    Path dist;

    @BeforeEach
    void start() throws Exception {
        Path data = tmp.resolve("data");
        users = new UserStore(data);
        users.add("alice", ALICE_PW.toCharArray());
        users.add("bob", "bob-password".toCharArray());
        upstream = TestIndexServer.start().add(lib, impostor);
        Map<String, IndexConfig> indexes = new LinkedHashMap<>();
        indexes.put("pypi", MirrorConfig.defaults("pypi").withUpstream(URI.create(upstream.simpleUrl()))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)));
        indexes.put("internal", HostedConfig.defaults("internal").withUpload(Audience.only(Set.of("alice"))));
        indexes.put("small", HostedConfig.defaults("small").withMaxUploadBytes(64 * 1024));
        indexes.put("main", GroupConfig.of("main", List.of("internal", "pypi")));
        indexes.put("closed", GroupConfig.of("closed", List.of("internal", "pypi")).withRead(Audience.USERS));
        server = PymirrorServer.start(new ServerConfig("127.0.0.1", 0, data, false, "main", indexes));
        twine = new Twine(Files.createDirectories(tmp.resolve("twine-home")));
        dist = Files.createDirectories(tmp.resolve("dist"));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        upstream.close();
    }

    Path write(Wheel w) throws Exception {
        return Files.write(dist.resolve(w.filename()), w.bytes());
    }

    String url(String index) {
        return server.baseUrl() + index + "/";
    }

    ToolRun pip(String indexUrl, String target, String... requirements) throws Exception {
        return pip(List.of("--index-url", indexUrl), target, requirements);
    }

    ToolRun pip(List<String> indexOptions, String target, String... requirements) throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home-" + target));
        List<String> args = new java.util.ArrayList<>(List.of("install", "--no-cache-dir", "--no-input", "--retries", "0",
                "--timeout", "15", "--target", tmp.resolve(target).toString()));
        args.addAll(indexOptions);
        args.addAll(List.of(requirements));
        return new Pip(home).run(args);
    }

    String installed(String target, String module) throws Exception {
        return Files.readString(tmp.resolve(target).resolve(module).resolve("__init__.py"));
    }

    @Test
    void twineUploadsAndPipInstallsThroughTheGroupWithTheDependencyFromTheMirror() throws Exception {
        Wheel app = Wheel.of("acme-app", "1.0").requires("acme-lib>=1.1").build();
        ToolRun up = twine.upload(url("internal"), "alice", ALICE_PW, write(app));
        assertThat(up.ok()).as(up.toString()).isTrue();
        assertThat(up.output()).contains("stored " + app.filename() + " in index 'internal'");

        ToolRun r = pip(server.baseUrl() + "main/simple/", "site", "acme-app");
        assertThat(r.ok()).as(r.toString()).isTrue();
        assertThat(installed("site", "acme_app")).contains("1.0");
        assertThat(installed("site", "acme_lib")).contains("1.1");
        assertThat(upstream.hits("/files/" + lib.filename())).isEqualTo(1);
        assertThat(upstream.hits("/simple/acme-app/")).isZero();

        // The same through a closed group, with the credentials in the index URL as pip takes them.
        // pip says why a page failed only when verbose; without credentials it is told 401 and installs nothing.
        ToolRun refused = pip(List.of("-vv", "--index-url", server.baseUrl() + "closed/simple/"), "site-refused",
                "acme-app");
        assertThat(refused.ok()).isFalse();
        assertThat(refused.stdout() + refused.stderr()).contains("401");
        String withCredentials = server.baseUrl().toString().replace("http://", "http://bob:bob-password@") + "closed/simple/";
        ToolRun closed = pip(withCredentials, "site-closed", "acme-app");
        assertThat(closed.ok()).as(closed.toString()).isTrue();
        assertThat(installed("site-closed", "acme_lib")).contains("1.1");
    }

    @Test
    void aPublicPackageNamedLikeAPrivateOneCannotWinThroughTheGroup() throws Exception {
        Wheel internal = Wheel.of("acme-internal", "1.0").build();
        assertThat(twine.upload(url("internal"), "alice", ALICE_PW, write(internal)).ok()).isTrue();

        ToolRun r = pip(server.baseUrl() + "main/simple/", "safe", "acme-internal");
        assertThat(r.ok()).as(r.toString()).isTrue();
        assertThat(installed("safe", "acme_internal")).contains("'1.0'");
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                server.baseUrl().resolve("main/simple/acme-internal/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.body()).contains(internal.filename()).doesNotContain("99.0");
        assertThat(upstream.hits("/simple/acme-internal/")).isZero();

        // The attack this stops: two indexes side by side, and pip takes the highest version of either.
        ToolRun confused = pip(List.of("--index-url", server.baseUrl() + "pypi/simple/",
                "--extra-index-url", server.baseUrl() + "internal/simple/"), "confused", "acme-internal");
        assertThat(confused.ok()).as(confused.toString()).isTrue();
        assertThat(installed("confused", "acme_internal")).contains("'99.0'");
    }

    @Test
    void pipSkipsAYankedFileUnlessItsVersionIsPinned() throws Exception {
        Wheel good = Wheel.of("acme-tool", "1.0").build();
        Wheel bad = Wheel.of("acme-tool", "2.0").build();
        assertThat(twine.upload(url("internal"), "alice", ALICE_PW, write(good), write(bad)).ok()).isTrue();
        HttpResponse<String> yank = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        server.baseUrl().resolve("internal/files/acme-tool/" + bad.filename() + "?action=yank&reason=crashes"))
                .header("Authorization", HostedServerTest.basic("alice", ALICE_PW))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(yank.statusCode()).as(yank.body()).isEqualTo(200);

        ToolRun latest = pip(server.baseUrl() + "main/simple/", "latest", "acme-tool");
        assertThat(latest.ok()).as(latest.toString()).isTrue();
        assertThat(installed("latest", "acme_tool")).contains("'1.0'");
        ToolRun pinned = pip(server.baseUrl() + "main/simple/", "pinned", "acme-tool==2.0");
        assertThat(pinned.ok()).as(pinned.toString()).isTrue();
        assertThat(installed("pinned", "acme_tool")).contains("'2.0'");
        assertThat(pinned.stdout() + pinned.stderr()).contains("yanked").contains("crashes");
    }

    @Test
    void twineShowsWhyAnUploadIsRefused() throws Exception {
        Wheel app = Wheel.of("acme-app", "1.0").build();
        Path file = write(app);
        ToolRun wrong = twine.upload(url("internal"), "alice", "not-the-password", file);
        assertThat(wrong.ok()).isFalse();
        assertThat(wrong.output()).contains("403").contains("invalid credentials: wrong user name or password");
        ToolRun notAllowed = twine.upload(url("internal"), "bob", "bob-password", file);
        assertThat(notAllowed.output()).contains("403").contains("user 'bob' may not write to index 'internal'");
        ToolRun mirror = twine.upload(url("pypi"), "alice", ALICE_PW, file);
        assertThat(mirror.ok()).isFalse();
        assertThat(mirror.output()).contains("405").contains("takes no uploads");

        assertThat(twine.upload(url("internal"), "alice", ALICE_PW, file).ok()).isTrue();
        ToolRun again = twine.upload(url("internal"), "alice", ALICE_PW, file);
        assertThat(again.ok()).as(again.toString()).isTrue();
        assertThat(again.output()).contains("has these very bytes of " + app.filename() + " already");
        Path otherDir = Files.createDirectories(tmp.resolve("other"));
        Wheel other = Wheel.of("acme-app", "1.0").requires("six").build();
        ToolRun conflict = twine.upload(url("internal"), "alice", ALICE_PW,
                Files.write(otherDir.resolve(other.filename()), other.bytes()));
        assertThat(conflict.ok()).isFalse();
        assertThat(conflict.output()).contains("409").contains("already exists in index 'internal' with other bytes");

        // A file whose name and metadata disagree: twine sends the metadata's version, the server checks the name.
        Path liar = Files.write(dist.resolve("acme_app-3.0-py3-none-any.whl"), Wheel.of("acme-app", "4.0").build().bytes());
        ToolRun mismatch = twine.upload(url("internal"), "alice", ALICE_PW, liar);
        assertThat(mismatch.ok()).isFalse();
        assertThat(mismatch.output()).contains("400").contains("metadata mismatch: the file name says version '3.0'");
    }

    @Test
    void twineSeesTheReasonForATooLargeUploadNotABrokenConnection() throws Exception {
        // Larger than the limit plus the allowance for form fields, so the server refuses it before reading it.
        Wheel big = Wheel.of("acme-big", "1.0").payload(20 << 20, 9).build();
        ToolRun r = twine.upload(url("small"), "alice", ALICE_PW, write(big));
        assertThat(r.ok()).isFalse();
        assertThat(r.output()).contains("400").contains("too large: the file is larger than this index's limit of 65536 bytes");
        Wheel medium = Wheel.of("acme-medium", "1.0").payload(200_000, 9).build();
        ToolRun m = twine.upload(url("small"), "alice", ALICE_PW, write(medium));
        assertThat(m.ok()).isFalse();
        assertThat(m.output()).contains("400").contains("too large");
    }

    @Test
    void twineUploadsWithAnApiTokenAndUploadsSdistsWhoseMetadataIsServed() throws Exception {
        ApiToken token = users.addToken("alice", "ci");
        Sdist sdist = Sdist.of("acme-src", "1.0").requires("acme-lib").build();
        Path file = Files.write(dist.resolve(sdist.filename()), sdist.bytes());
        ToolRun r = twine.upload(url("internal"), "__token__", token.text(), file);
        assertThat(r.ok()).as(r.toString()).isTrue();
        HttpResponse<byte[]> metadata = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        server.baseUrl().resolve("main/files/acme-src/" + sdist.filename() + ".metadata")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(metadata.body()).isEqualTo(sdist.pkgInfo());
        users.revokeToken("alice", token.id());
        ToolRun revoked = twine.upload(url("internal"), "__token__", token.text(), file);
        assertThat(revoked.output()).contains("403").contains("the API token is not valid");
    }
}
