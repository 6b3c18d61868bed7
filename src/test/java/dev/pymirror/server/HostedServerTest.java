package dev.pymirror.server;

import static dev.pymirror.testing.ServerGet.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.server.auth.ApiToken;
import dev.pymirror.server.auth.UserStore;
import dev.pymirror.server.config.Audience;
import dev.pymirror.server.config.HostedConfig;
import dev.pymirror.server.config.IndexConfig;
import dev.pymirror.server.config.MirrorConfig;
import dev.pymirror.server.config.ServerConfig;
import dev.pymirror.testing.Sdist;
import dev.pymirror.testing.ServerGet;
import dev.pymirror.testing.TestIndexServer;
import dev.pymirror.testing.UploadForm;
import dev.pymirror.testing.Wheel;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hosted indexes over HTTP: uploads as twine sends them (built here, so that every field can be
 * wrong), the page and PEP 658 metadata they make, every refusal and its status, the re-upload
 * rules, yank and delete, and the gate in front of reads and writes. The real twine and pip judge
 * in {@link HostedTwinePipTest}.
 */
class HostedServerTest {

    static final String ALICE = "alice";
    static final String ALICE_PW = "alice-password";
    static final String BOB = "bob";
    static final String BOB_PW = "bob-password";

    @TempDir
    Path data;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final Wheel app = Wheel.of("acme-app", "1.0").requires("acme-lib>=1").build();
    TestIndexServer upstream;
    PymirrorServer server;
    UserStore users;

    @BeforeEach
    void start() throws Exception {
        users = new UserStore(data);
        users.add(ALICE, ALICE_PW.toCharArray());
        users.add(BOB, BOB_PW.toCharArray());
        upstream = TestIndexServer.start();
        Map<String, IndexConfig> indexes = new LinkedHashMap<>();
        indexes.put("pypi", MirrorConfig.defaults("pypi").withUpstream(URI.create(upstream.simpleUrl()))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2)));
        indexes.put("internal", HostedConfig.defaults("internal"));
        indexes.put("secret", HostedConfig.defaults("secret").withRead(Audience.USERS).withUpload(Audience.only(Set.of(ALICE))));
        indexes.put("small", HostedConfig.defaults("small").withMaxUploadBytes(4096));
        server = PymirrorServer.start(new ServerConfig("127.0.0.1", 0, data, false, "internal", indexes));
    }

    @AfterEach
    void stop() throws java.io.IOException {
        server.close();
        upstream.close();
    }

    HttpResponse<String> upload(String index, UploadForm form, String user, String password) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(server.baseUrl().resolve(index + "/"))
                .header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.body()));
        if (user != null) {
            r.header("Authorization", basic(user, password));
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> asAlice(String index, UploadForm form) throws Exception {
        return upload(index, form, ALICE, ALICE_PW);
    }

    HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        return ServerGet.get(http, server.baseUrl(), path, headers);
    }

    HttpResponse<String> send(String method, String path, String user, String password) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(server.baseUrl().resolve(path.substring(1)))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (user != null) {
            r.header("Authorization", basic(user, password));
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void anUploadedWheelIsServedWithHashesSizeAndPep658Metadata() throws Exception {
        HttpResponse<String> r = asAlice("internal", UploadForm.of(app, "acme-app", "1.0"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("stored " + app.filename() + " in index 'internal'");

        String page = new String(get("/internal/simple/acme-app/", "Accept", JSON).body());
        assertThat(page).contains("\"url\":\"../../files/acme-app/" + app.filename() + "\"")
                .contains("\"sha256\":\"" + app.sha256() + "\"")
                .contains("\"core-metadata\":{\"sha256\":\"" + app.metadataSha256() + "\"}")
                .contains("\"size\":" + app.bytes().length).contains("\"versions\":[\"1.0\"]")
                .contains("\"upload-time\":");
        assertThat(get("/internal/files/acme-app/" + app.filename()).body()).isEqualTo(app.bytes());
        assertThat(get("/internal/files/acme-app/" + app.filename() + ".metadata").body()).isEqualTo(app.metadata());
        // The default index is the hosted one here, so /simple/ serves it too.
        assertThat(new String(get("/simple/acme-app/").body())).contains(app.filename() + "#sha256=" + app.sha256());
        assertThat(new String(get("/internal/simple/", "Accept", JSON).body())).contains("\"name\":\"acme-app\"");
    }

    @Test
    void sdistsGiveTheirPkgInfoAsMetadataWhenItIsReliable() throws Exception {
        Sdist tar = Sdist.of("acme-src", "2.0").requires("six").build();
        Sdist zip = Sdist.of("acme-src", "2.1").zip().build();
        Sdist old = Sdist.of("acme-src", "1.0").metadataVersion("2.1").build();
        Sdist dynamicDeps = Sdist.of("acme-src", "1.5").dynamic("Requires-Dist").build();
        for (Sdist s : new Sdist[] {tar, zip, old, dynamicDeps}) {
            String version = s.filename().replaceAll(".*-([0-9.]+)\\.(tar\\.gz|zip)$", "$1");
            HttpResponse<String> r = asAlice("internal", UploadForm.of(s.filename(), s.bytes(), "acme-src", version));
            assertThat(r.statusCode()).as(s.filename() + ": " + r.body()).isEqualTo(200);
        }
        assertThat(get("/internal/files/acme-src/" + tar.filename() + ".metadata").body()).isEqualTo(tar.pkgInfo());
        assertThat(get("/internal/files/acme-src/" + zip.filename() + ".metadata").body()).isEqualTo(zip.pkgInfo());
        // Metadata 2.1, or 2.2 with dynamic dependencies, does not speak for what a build would give.
        assertThat(get("/internal/files/acme-src/" + old.filename() + ".metadata").statusCode()).isEqualTo(404);
        assertThat(get("/internal/files/acme-src/" + dynamicDeps.filename() + ".metadata").statusCode()).isEqualTo(404);
        String page = new String(get("/internal/simple/acme-src/", "Accept", JSON).body());
        assertThat(page).contains("\"core-metadata\":{\"sha256\":\"" + sha256(tar.pkgInfo()) + "\"}")
                .contains("\"versions\":[\"1.0\",\"1.5\",\"2.0\",\"2.1\"]");
    }

    @Test
    void anIdenticalReUploadIsAcceptedAndOtherBytesUnderTheSameNameAre409() throws Exception {
        assertThat(asAlice("internal", UploadForm.of(app, "acme-app", "1.0")).statusCode()).isEqualTo(200);
        HttpResponse<String> again = upload("internal", UploadForm.of(app, "acme-app", "1.0"), BOB, BOB_PW);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("has these very bytes of " + app.filename() + " already; nothing changed");

        Wheel other = Wheel.of("acme-app", "1.0").requires("something-else").build();
        assertThat(other.filename()).isEqualTo(app.filename());
        HttpResponse<String> conflict = asAlice("internal", UploadForm.of(other, "acme-app", "1.0"));
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(conflict.body()).contains("'" + app.filename() + "' already exists in index 'internal' with other"
                + " bytes (sha256 " + app.sha256() + ")");
        assertThat(get("/internal/files/acme-app/" + app.filename()).body()).isEqualTo(app.bytes());

        // Deleted, the name stays with its bytes: clients and caches keep files by URL. The same bytes bring it back.
        assertThat(send("DELETE", "/internal/files/acme-app/" + app.filename(), ALICE, ALICE_PW).statusCode()).isEqualTo(200);
        HttpResponse<String> reused = asAlice("internal", UploadForm.of(other, "acme-app", "1.0"));
        assertThat(reused.statusCode()).isEqualTo(409);
        assertThat(reused.body()).contains("was deleted from index 'internal', and its name stays with its old bytes");
        assertThat(get("/internal/simple/acme-app/").statusCode()).isEqualTo(404);
        HttpResponse<String> restored = asAlice("internal", UploadForm.of(app, "acme-app", "1.0"));
        assertThat(restored.statusCode()).isEqualTo(200);
        assertThat(restored.body()).contains("stored " + app.filename());
        assertThat(get("/internal/files/acme-app/" + app.filename()).body()).isEqualTo(app.bytes());
    }

    @Test
    void malformedUploadsAre400WithTheReason() throws Exception {
        Map<String, UploadForm> cases = new LinkedHashMap<>();
        cases.put("bad file name: ", UploadForm.of("acme_app-1.0-py3-none.whl", app.bytes(), "acme-app", "1.0"));
        cases.put("unsupported file type: 'acme-app-1.0.tar.bz2'",
                UploadForm.of("acme-app-1.0.tar.bz2", app.bytes(), "acme-app", "1.0"));
        cases.put("unsupported file type: 'acme_app-1.0-py3.6.egg'",
                UploadForm.of("acme_app-1.0-py3.6.egg", app.bytes(), "acme-app", "1.0"));
        cases.put("unsupported file type: the upload says 'sdist'",
                UploadForm.of(app, "acme-app", "1.0").field("filetype", "sdist"));
        cases.put("metadata mismatch: the file name says project 'acme-app', the upload says 'acme-other'",
                UploadForm.of(app, "acme-other", "1.0"));
        cases.put("metadata mismatch: the file name says version '1.0', the upload says '2.0'",
                UploadForm.of(app, "acme-app", "2.0"));
        cases.put("metadata mismatch: the upload must give the project's 'name' and 'version'",
                UploadForm.of(app, "acme-app", "1.0").without("version"));
        Wheel lying = Wheel.of("acme-app", "1.0").build();
        byte[] renamed = Wheel.of("acme-app", "3.0").build().bytes();
        cases.put("metadata mismatch: the file name says version '1.0', its metadata says '3.0'",
                UploadForm.of(lying.filename(), renamed, "acme-app", "1.0"));
        Sdist wrongName = Sdist.of("acme-app", "1.0").metadataName("acme-impostor").build();
        cases.put("metadata mismatch: the file name says project 'acme-app', its metadata says 'acme-impostor'",
                UploadForm.of(wrongName.filename(), wrongName.bytes(), "acme-app", "1.0"));
        Sdist noPkgInfo = Sdist.of("acme-app", "1.0").pkgInfoAt("elsewhere/deeper/PKG-INFO").build();
        cases.put("the sdist holds no <name>-<version>/PKG-INFO",
                UploadForm.of(noPkgInfo.filename(), noPkgInfo.bytes(), "acme-app", "1.0"));
        cases.put("is not a readable wheel (zip)",
                UploadForm.of(app.filename(), "not a zip".getBytes(StandardCharsets.UTF_8), "acme-app", "1.0"));
        cases.put("the file arrived damaged: its sha256 is " + app.sha256(),
                UploadForm.of(app, "acme-app", "1.0").field("sha256_digest", "ab".repeat(32)));
        cases.put("the file arrived damaged: its md5 is",
                UploadForm.of(app, "acme-app", "1.0").field("md5_digest", "00".repeat(16)));
        cases.put("the upload has no file", UploadForm.of(app, "acme-app", "1.0").withoutContent());
        cases.put("':action=submit' is not supported here", UploadForm.of(app, "acme-app", "1.0").field(":action", "submit"));
        cases.put("bad file name: '..' is not a plain file name", UploadForm.of("..", app.bytes(), "acme-app", "1.0"));
        for (var c : cases.entrySet()) {
            HttpResponse<String> r = asAlice("internal", c.getValue());
            assertThat(r.statusCode()).as(c.getKey() + " -> " + r.body()).isEqualTo(400);
            assertThat(r.body()).as(c.getKey()).contains(c.getKey());
        }
        HttpResponse<String> notMultipart = http.send(HttpRequest.newBuilder(server.baseUrl().resolve("internal/"))
                .header("Authorization", basic(ALICE, ALICE_PW)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(notMultipart.statusCode()).isEqualTo(400);
        assertThat(notMultipart.body()).contains("an upload is a multipart/form-data POST");
        assertThat(new String(get("/internal/simple/", "Accept", JSON).body())).doesNotContain("acme");
        assertThat(filesUnder("internal")).isEmpty();
    }

    @Test
    void aFileOverTheLimitIs400AndLeavesNothing() throws Exception {
        Wheel big = Wheel.of("acme-big", "1.0").payload(20_000, 3).build();
        HttpResponse<String> r = asAlice("small", UploadForm.of(big, "acme-big", "1.0"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("too large: the file is larger than this index's limit of 4096 bytes (max-upload)");
        Wheel fits = Wheel.of("acme-tiny", "1.0").build();
        assertThat(asAlice("small", UploadForm.of(fits, "acme-tiny", "1.0")).statusCode()).isEqualTo(200);
        assertThat(filesUnder("small")).allMatch(p -> p.toString().contains("acme-tiny"));
        try (Stream<Path> s = Files.walk(data)) {
            assertThat(s.filter(p -> p.getFileName().toString().startsWith(".~staged-"))).isEmpty();
        }
    }

    @Test
    void writesNeedCredentials401WithAChallengeAnd403WhenWrong() throws Exception {
        UploadForm form = UploadForm.of(app, "acme-app", "1.0");
        HttpResponse<String> none = upload("internal", form, null, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"pymirror\", charset=\"UTF-8\"");
        assertThat(none.body()).contains("credentials are needed to write to index 'internal'");

        HttpResponse<String> wrong = upload("internal", form, ALICE, "not-her-password");
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(wrong.body()).contains("invalid credentials: wrong user name or password");
        assertThat(upload("internal", form, "mallory", "whatever").statusCode()).isEqualTo(403);

        HttpResponse<String> notListed = upload("secret", form, BOB, BOB_PW);
        assertThat(notListed.statusCode()).isEqualTo(403);
        assertThat(notListed.body()).contains("user 'bob' may not write to index 'secret'");
        assertThat(send("DELETE", "/internal/files/acme-app/" + app.filename(), null, null).statusCode()).isEqualTo(401);
        assertThat(filesUnder("internal")).isEmpty();
        assertThat(asAlice("secret", form).statusCode()).isEqualTo(200);
    }

    @Test
    void apiTokensWorkAsTwinePasswordsUntilRevoked() throws Exception {
        ApiToken token = users.addToken(ALICE, "ci");
        HttpResponse<String> r = upload("internal", UploadForm.of(app, "acme-app", "1.0"), "__token__", token.text());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(Files.readString(data.resolve("internal/projects/acme-app/00000000000000000001")))
                .contains("\"uploader\":\"alice\"");
        // The token speaks for alice: with bob's name it is no password of his.
        assertThat(upload("internal", UploadForm.of(app, "acme-app", "1.0"), BOB, token.text()).statusCode()).isEqualTo(403);

        users.revokeToken(ALICE, token.id());
        HttpResponse<String> revoked = upload("internal", UploadForm.of(app, "acme-app", "1.0"), "__token__", token.text());
        assertThat(revoked.statusCode()).isEqualTo(403);
        assertThat(revoked.body()).contains("the API token is not valid");
        try (var entries = Files.list(data.resolve(".users"))) {
            for (Path entry : entries.toList()) {
                assertThat(Files.readString(entry)).doesNotContain(token.secret()).doesNotContain(ALICE_PW);
            }
        }
    }

    @Test
    void aPasswordChangeTakesEffectWithoutARestart() throws Exception {
        assertThat(asAlice("internal", UploadForm.of(app, "acme-app", "1.0")).statusCode()).isEqualTo(200);
        users.setPassword(ALICE, "a-new-password".toCharArray());
        assertThat(asAlice("internal", UploadForm.of(app, "acme-app", "1.0")).statusCode()).isEqualTo(403);
        assertThat(upload("internal", UploadForm.of(app, "acme-app", "1.0"), ALICE, "a-new-password").statusCode())
                .isEqualTo(200);
    }

    @Test
    void aClosedIndexNeedsCredentialsToReadPagesAndFiles() throws Exception {
        assertThat(asAlice("secret", UploadForm.of(app, "acme-app", "1.0")).statusCode()).isEqualTo(200);
        HttpResponse<byte[]> anonymous = get("/secret/simple/acme-app/");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(new String(anonymous.body())).contains("credentials are needed to read index 'secret'");
        assertThat(get("/secret/files/acme-app/" + app.filename()).statusCode()).isEqualTo(401);
        assertThat(get("/secret/simple/acme-app/", "Authorization", basic(BOB, "wrong")).statusCode()).isEqualTo(403);
        // Any user may read it (read = "users"); only alice may write.
        assertThat(get("/secret/simple/acme-app/", "Authorization", basic(BOB, BOB_PW)).statusCode()).isEqualTo(200);
        assertThat(get("/secret/files/acme-app/" + app.filename(), "Authorization", basic(BOB, BOB_PW)).body())
                .isEqualTo(app.bytes());
        // What needs credentials may be kept by the client, never by a shared cache that would hand it on.
        assertThat(get("/secret/simple/acme-app/", "Authorization", basic(BOB, BOB_PW)).headers()
                .firstValue("Cache-Control").orElseThrow()).contains("private").doesNotContain("public");
        assertThat(get("/secret/files/acme-app/" + app.filename(), "Authorization", basic(BOB, BOB_PW)).headers()
                .firstValue("Cache-Control").orElseThrow()).startsWith("private");
        // The open index beside it is open, and public.
        HttpResponse<byte[]> open = get("/internal/simple/");
        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(open.headers().firstValue("Cache-Control").orElseThrow()).contains("public");
    }

    @Test
    void yankUnyankAndDeleteOverHttp() throws Exception {
        assertThat(asAlice("internal", UploadForm.of(app, "acme-app", "1.0")).statusCode()).isEqualTo(200);
        String file = "/internal/files/acme-app/" + app.filename();
        HttpResponse<String> yank = send("POST", file + "?action=yank&reason=broken%20build", ALICE, ALICE_PW);
        assertThat(yank.statusCode()).as(yank.body()).isEqualTo(200);
        assertThat(yank.body()).contains("yanked " + app.filename() + " (broken build)");
        assertThat(new String(get("/internal/simple/acme-app/", "Accept", JSON).body())).contains("\"yanked\":\"broken build\"");
        assertThat(new String(get("/internal/simple/acme-app/").body())).contains("data-yanked=\"broken build\"");
        // A yanked file is still served to whoever pins it.
        assertThat(get(file).body()).isEqualTo(app.bytes());

        assertThat(send("POST", file + "?action=unyank", BOB, BOB_PW).statusCode()).isEqualTo(200);
        assertThat(new String(get("/internal/simple/acme-app/", "Accept", JSON).body())).contains("\"yanked\":false");

        HttpResponse<String> bad = send("POST", file + "?action=explode", ALICE, ALICE_PW);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("unknown action 'explode'");
        HttpResponse<String> missing = send("POST", "/internal/files/acme-app/acme_app-9.0-py3-none-any.whl?action=yank",
                ALICE, ALICE_PW);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("has no file 'acme_app-9.0-py3-none-any.whl'");

        HttpResponse<String> deleted = send("DELETE", file, ALICE, ALICE_PW);
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(get("/internal/simple/acme-app/").statusCode()).isEqualTo(404);
        assertThat(get(file).statusCode()).isEqualTo(404);
        assertThat(filesUnder("internal")).isEmpty();
        assertThat(send("DELETE", file, ALICE, ALICE_PW).statusCode()).isEqualTo(404);
    }

    @Test
    void unknownIndexesAre404AndIndexesThatTakeNoWritesSay405() throws Exception {
        HttpResponse<String> unknown = asAlice("nowhere", UploadForm.of(app, "acme-app", "1.0"));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("no index 'nowhere'");
        HttpResponse<String> mirror = asAlice("pypi", UploadForm.of(app, "acme-app", "1.0"));
        assertThat(mirror.statusCode()).isEqualTo(405);
        assertThat(mirror.body()).contains("index 'pypi' takes no uploads or changes: only hosted indexes do");
        assertThat(mirror.headers().firstValue("Allow")).hasValue("GET, HEAD");
        // The default index takes uploads at the root, as twine's --repository-url http://host:port/ sends them.
        assertThat(upload("", UploadForm.of(app, "acme-app", "1.0"), ALICE, ALICE_PW).statusCode()).isEqualTo(200);
        assertThat(send("PUT", "/internal/", ALICE, ALICE_PW).statusCode()).isEqualTo(405);
    }

    @Test
    void aFileIsNotListedWhileItsUploadIsStillArriving() throws Exception {
        byte[] body = UploadForm.of(app, "acme-app", "1.0").body();
        int half = body.length / 2;
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /internal/ HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + basic(ALICE, ALICE_PW)
                    + "\r\nContent-Type: " + UploadForm.of(app, "acme-app", "1.0").contentType()
                    + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, half);
            out.flush();
            Thread.sleep(300); // the server has the first half; the rest has not been sent
            assertThat(get("/internal/simple/acme-app/").statusCode()).isEqualTo(404);
            assertThat(get("/internal/files/acme-app/" + app.filename()).statusCode()).isEqualTo(404);
            out.write(body, half, body.length - half);
            out.flush();
            InputStream in = socket.getInputStream();
            String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(status).isEqualTo("HTTP/1.1 200");
        }
        assertThat(get("/internal/files/acme-app/" + app.filename()).body()).isEqualTo(app.bytes());
    }

    @Test
    void aClientThatHangsUpMidUploadLeavesNothingBehind() throws Exception {
        byte[] body = UploadForm.of(app, "acme-app", "1.0").body();
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /internal/ HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + basic(ALICE, ALICE_PW)
                    + "\r\nContent-Type: " + UploadForm.of(app, "acme-app", "1.0").contentType()
                    + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, body.length - 100);
            out.flush();
        }
        Thread.sleep(500);
        assertThat(get("/internal/simple/acme-app/").statusCode()).isEqualTo(404);
        assertThat(filesUnder("internal")).isEmpty();
        assertThat(asAlice("internal", UploadForm.of(app, "acme-app", "1.0")).statusCode()).isEqualTo(200);
    }

    private java.util.List<Path> filesUnder(String index) throws Exception {
        Path files = data.resolve(index).resolve("files");
        if (!Files.isDirectory(files)) {
            return java.util.List.of();
        }
        try (Stream<Path> s = Files.walk(files)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }
}
