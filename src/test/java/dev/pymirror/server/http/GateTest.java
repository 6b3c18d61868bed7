package dev.pymirror.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pymirror.server.PymirrorServer;
import dev.pymirror.server.auth.Authenticator;
import dev.pymirror.server.auth.UserStore;
import dev.pymirror.server.config.Audience;
import dev.pymirror.server.config.HostedConfig;
import dev.pymirror.server.config.IndexConfig;
import dev.pymirror.server.config.ServerConfig;
import dev.pymirror.server.config.StaticConfig;
import java.nio.file.Files;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The gate under hostile load, over real HTTP against the real server: a flood of wrong passwords
 * is cut off with 429s while real users get in, and strangers are never told the names of indexes
 * they may not read (the root page, a 404, {@code /health}).
 */
class GateTest {

    @TempDir
    Path data;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    PymirrorServer server;

    @BeforeEach
    void start() throws Exception {
        UserStore users = new UserStore(data);
        users.add("alice", "alice-password".toCharArray());
        users.add("bob", "bob-password".toCharArray());
        users.add("carol", "carol-password".toCharArray());
        Map<String, IndexConfig> indexes = new LinkedHashMap<>();
        indexes.put("internal", HostedConfig.defaults("internal"));
        indexes.put("secret", HostedConfig.defaults("secret").withRead(Audience.USERS));
        indexes.put("alices", HostedConfig.defaults("alices").withRead(Audience.only(Set.of("alice"))));
        Path tree = Files.createDirectories(data.resolve("tree"));
        indexes.put("closedtree", new StaticConfig("closedtree", Audience.USERS, tree));
        server = PymirrorServer.start(new ServerConfig("127.0.0.1", 0, data, false, "internal", indexes));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> get(HttpClient client, String path, String authorization) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(server.baseUrl().resolve(path.substring(1)));
        if (authorization != null) {
            r.header("Authorization", authorization);
        }
        return client.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String authorization) throws Exception {
        return get(http, path, authorization);
    }

    @Test
    void aFloodOfWrongPasswordsGets429sWhileValidUsersGetIn() throws Exception {
        // bob logged in before the flood, from the flooding address itself.
        assertThat(get("/secret/simple/", basic("bob", "bob-password")).statusCode()).isEqualTo(200);
        int flood = 60;
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger server = (Logger) LoggerFactory.getLogger("dev.pymirror");
        server.addAppender(log);
        List<HttpResponse<String>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i = 0; i < flood; i++) {
                String guess = "guess-" + i;
                // A client each: sixty connections at once, as the attack was made.
                sent.add(pool.submit(() -> get(HttpClient.newHttpClient(), "/secret/simple/", basic("alice", guess))));
            }
            // While the flood is answered, bob is answered from memory.
            assertThat(get("/secret/simple/", basic("bob", "bob-password")).statusCode()).isEqualTo(200);
            for (Future<HttpResponse<String>> f : sent) {
                answers.add(f.get());
            }
        }
        long refused = answers.stream().filter(r -> r.statusCode() == 403).count();
        List<HttpResponse<String>> throttled = answers.stream().filter(r -> r.statusCode() == 429).toList();
        assertThat(refused + throttled.size()).isEqualTo(flood);
        // Only the address's allowance reached a password hash (a few more if the flood was slow
        // enough for it to refill, one per 6 s); the rest were cut off before it.
        assertThat(refused).isBetween((long) Authenticator.ADDRESS_BURST, Authenticator.ADDRESS_BURST + 3L);
        for (HttpResponse<String> r : throttled) {
            assertThat(r.headers().firstValue("Retry-After")).hasValueSatisfying(s -> assertThat(Long.parseLong(s)).isPositive());
            assertThat(r.body()).startsWith("too many failed logins from this address; credentials are checked again in ");
        }
        server.detachAppender(log);
        // The log says what happened without a line per request: a flood must not fill it as well.
        assertThat(log.list.stream().filter(e -> e.getFormattedMessage().startsWith("failed login from 127.0.0.1")))
                .hasSize((int) refused);
        assertThat(log.list.stream().filter(e -> e.getFormattedMessage().startsWith("too many failed logins for address")))
                .hasSize(1);
        assertThat(log.list).hasSizeLessThanOrEqualTo((int) refused + 2);
        // The attacker's address stays cut off...
        List<Integer> more = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            more.add(get("/secret/simple/", basic("alice", "one-more-guess-" + i)).statusCode());
        }
        assertThat(more).contains(429);
        assertThat(get("/secret/simple/", basic("bob", "bob-password")).statusCode()).isEqualTo(200);
        // ...while users elsewhere log in, alice too: her name is not locked by the guesses at it.
        HttpClient elsewhere = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .localAddress(InetAddress.getByName("127.0.0.2")).build();
        assertThat(get(elsewhere, "/secret/simple/", basic("carol", "carol-password")).statusCode()).isEqualTo(200);
        assertThat(get(elsewhere, "/secret/simple/", basic("alice", "alice-password")).statusCode()).isEqualTo(200);
    }

    @Test
    void theRootPageAnd404sNameOnlyTheIndexesTheRequesterMayRead() throws Exception {
        HttpResponse<String> anonymous = get("/", null);
        assertThat(anonymous.statusCode()).isEqualTo(200);
        assertThat(anonymous.body()).contains("index 'internal'").contains("internal")
                .doesNotContain("secret").doesNotContain("alices");
        assertThat(get("/", basic("bob", "bob-password")).body()).contains("secret").doesNotContain("alices");
        assertThat(get("/", basic("alice", "alice-password")).body()).contains("secret").contains("alices");
        assertThat(get("/", basic("alice", "wrong")).statusCode()).isEqualTo(403);

        HttpResponse<String> missing = get("/nowhere/simple/", null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).startsWith("no index 'nowhere' here; indexes: internal").doesNotContain("secret");
        assertThat(get("/nowhere/simple/", basic("bob", "bob-password")).body()).contains("secret").doesNotContain("alices");
        // An upload to no index is answered the same way.
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(server.baseUrl().resolve("nowhere/"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(404);
        assertThat(post.body()).doesNotContain("secret");
    }

    @Test
    void writesToAClosedIndexThatTakesNoneTellStrangersNothingAboutIt() throws Exception {
        HttpRequest.Builder post = HttpRequest.newBuilder(server.baseUrl().resolve("closedtree/"))
                .POST(HttpRequest.BodyPublishers.ofString("x"));
        HttpResponse<String> anonymous = http.send(post.build(), HttpResponse.BodyHandlers.ofString());
        // Not 405 "takes no uploads": that would say what kind of index it is.
        assertThat(anonymous.statusCode()).isEqualTo(401);
        HttpResponse<String> reader = http.send(post.header("Authorization", basic("bob", "bob-password")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(reader.statusCode()).isEqualTo(405);
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(server.baseUrl().resolve("secret/simple/"))
                .PUT(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(401);
    }

    @Test
    void healthNamesOnlyTheIndexesTheRequesterMayRead() throws Exception {
        ObjectMapper json = new ObjectMapper();
        HttpResponse<String> anonymous = get("/health", null);
        assertThat(anonymous.statusCode()).isEqualTo(200);
        JsonNode shown = json.readTree(anonymous.body()).get("indexes");
        assertThat(names(shown)).containsExactly("internal");
        assertThat(anonymous.body()).doesNotContain("secret").doesNotContain("alices").doesNotContain("closedtree");
        assertThat(names(json.readTree(get("/health", basic("bob", "bob-password")).body()).get("indexes")))
                .containsExactlyInAnyOrder("internal", "secret", "closedtree");
        assertThat(names(json.readTree(get("/health", basic("alice", "alice-password")).body()).get("indexes")))
                .containsExactlyInAnyOrder("internal", "secret", "alices", "closedtree");
        assertThat(get("/health", basic("bob", "wrong")).statusCode()).isEqualTo(403);
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
