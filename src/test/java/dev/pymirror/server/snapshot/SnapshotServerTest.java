package dev.pymirror.server.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.server.PymirrorServer;
import dev.pymirror.server.auth.UserStore;
import dev.pymirror.server.config.Audience;
import dev.pymirror.server.config.IndexConfig;
import dev.pymirror.server.config.ServerConfig;
import dev.pymirror.server.config.StaticConfig;
import dev.pymirror.testing.Wheel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snapshots served by a running server: made and deleted beside it, read by the readers of their index. */
class SnapshotServerTest {

    @TempDir
    Path tmp;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void aSnapshotMadeBesideTheServerIsServedAtOnceToItsIndexsReadersOnly() throws Exception {
        Path data = tmp.resolve("data");
        Path closedTree = Files.createDirectories(tmp.resolve("closed/acme-lib"));
        Wheel lib = Wheel.of("acme-lib", "1.0").build();
        Files.write(closedTree.resolve(lib.filename()), lib.bytes());
        Path openTree = Files.createDirectories(tmp.resolve("open/acme-util"));
        Wheel util = Wheel.of("acme-util", "1.0").build();
        Files.write(openTree.resolve(util.filename()), util.bytes());
        new UserStore(data).add("alice", "alice-password".toCharArray());
        Map<String, IndexConfig> indexes = new LinkedHashMap<>();
        indexes.put("closed", StaticConfig.of("closed", closedTree.getParent()).withRead(Audience.USERS));
        indexes.put("open", StaticConfig.of("open", openTree.getParent()));
        ServerConfig config = new ServerConfig("127.0.0.1", 0, data, false, "open", indexes);
        try (PymirrorServer server = PymirrorServer.start(config)) {
            String base = server.baseUrl().toString();
            assertThat(get(base + "+snapshot/s1/simple/acme-lib/", false).statusCode()).isEqualTo(404);
            SnapshotStore store = new SnapshotStore(data);
            store.create("s1", PymirrorServer.openIndex(config, "closed"), "static", true, Clock.systemUTC());

            HttpResponse<String> anonymous = get(base + "+snapshot/s1/simple/acme-lib/", false);
            assertThat(anonymous.statusCode()).isEqualTo(401);
            HttpResponse<String> page = get(base + "+snapshot/s1/simple/acme-lib/", true);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains(lib.filename());
            assertThat(get(base + "+snapshot/s1/files/acme-lib/" + lib.filename(), true).statusCode()).isEqualTo(200);
            assertThat(get(base + "+snapshot/s1/files/acme-lib/" + lib.filename() + ".metadata", true).body())
                    .contains("Name: acme-lib");
            assertThat(get(base + "+snapshot/s1/simple/", true).body()).contains("acme-lib");
            HttpResponse<String> root = get(base + "+snapshot/s1/", true);
            assertThat(root.statusCode()).isEqualTo(301);
            assertThat(root.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/+snapshot/s1/simple/"));
            assertThat(get(base + "+snapshot/", false).body()).contains("/+snapshot/<name>/simple/");

            // Deleted, then made again under the name from another index: the server follows both at once.
            store.delete("s1");
            assertThat(get(base + "+snapshot/s1/simple/acme-lib/", true).statusCode()).isEqualTo(404);
            store.create("s1", PymirrorServer.openIndex(config, "open"), "static", false, Clock.systemUTC());
            HttpResponse<String> again = get(base + "+snapshot/s1/simple/acme-util/", false);
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(again.body()).contains(util.filename());
            assertThat(get(base + "+snapshot/s1/simple/acme-lib/", false).statusCode()).isEqualTo(404);
        }
    }

    HttpResponse<String> get(String url, boolean login) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/vnd.pypi.simple.v1+json");
        if (login) {
            r.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString("alice:alice-password".getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }
}
