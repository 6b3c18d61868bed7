package dev.pymirror.server.hosted;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.testing.Eventually;
import dev.pymirror.testing.NodeCluster;
import dev.pymirror.testing.UploadForm;
import dev.pymirror.testing.Wheel;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hosted index on real pymirror processes sharing one S3Proxy bucket (issue 15): writers on
 * different nodes race for the same project with no lock between them, and the project's log
 * decides. Uploads over HTTP as twine sends them ({@link UploadForm}).
 */
@Tag("slow")
class HostedNodesTest {

    static final String JSON = "application/vnd.pypi.simple.v1+json";
    static final String PASSWORD = "alice-password";
    /** HostedIndex.FRESH and room for a busy machine: how long a node may show a page read before. */
    static final Duration BOUND = Duration.ofSeconds(5);

    @TempDir
    static Path dir;

    static NodeCluster cluster;
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        cluster = NodeCluster.start(dir, 3, """
                default-index = "internal"
                [index.internal]
                kind = "hosted"
                max-upload = "100MB"
                """);
        // Once, beside node 0: the users are in the bucket the nodes share.
        var added = cluster.cli(0, PASSWORD + "\n", "user", "add", "alice", "--password-stdin");
        assertThat(added.exitCode()).as(added.toString()).isZero();
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void otherBytesUnderOneNameAtOnceOn2NodesAreOne200AndOne409AndBothListTheWinner() throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            for (int round = 0; round < 20; round++) {
                String version = "1." + round;
                Wheel[] offered = {
                    Wheel.of("acme-race", version).payload(4096, 2L * round).build(),
                    Wheel.of("acme-race", version).payload(4096, 2L * round + 1).build()};
                assertThat(offered[0].filename()).isEqualTo(offered[1].filename());
                assertThat(offered[0].sha256()).isNotEqualTo(offered[1].sha256());
                List<HttpResponse<String>> answers = atOnce(pool, i -> upload(cluster.node(i), offered[i]));
                List<Integer> codes = answers.stream().map(HttpResponse::statusCode).sorted().toList();
                assertThat(codes).as("round %d: %s / %s", round, answers.get(0).body(), answers.get(1).body())
                        .containsExactly(200, 409);
                int winner = answers.get(0).statusCode() == 200 ? 0 : 1;
                assertThat(answers.get(1 - winner).body()).contains("already exists").contains(offered[winner].sha256());
                for (int node = 0; node < 2; node++) {
                    URI base = cluster.node(node);
                    String page = Eventually.value(() -> get(base, "internal/simple/acme-race/", JSON).body(),
                            p -> p.contains(offered[winner].filename()), BOUND);
                    assertThat(page).as("node %d, round %d", node, round).contains(offered[winner].sha256())
                            .doesNotContain(offered[1 - winner].sha256());
                    assertThat(sha256(getBytes(base, "internal/files/acme-race/" + offered[winner].filename())))
                            .isEqualTo(offered[winner].sha256());
                }
            }
            for (int round = 0; round < 5; round++) {
                Wheel same = Wheel.of("acme-same", "1." + round).payload(4096, round).build();
                List<HttpResponse<String>> answers = atOnce(pool, i -> upload(cluster.node(i), same));
                assertThat(answers).as("identical bytes, round %d", round)
                        .allSatisfy(a -> assertThat(a.statusCode()).as(a.body()).isEqualTo(200));
            }
        }
    }

    @Test
    void uploadsAndYanksOnOneProjectFrom3NodesAtOnceAreAllKept() throws Exception {
        List<Wheel> base = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Wheel w = Wheel.of("acme-busy", "0." + i).build();
            assertThat(upload(cluster.node(0), w).statusCode()).isEqualTo(200);
            base.add(w);
        }
        Map<String, String> yanked = new ConcurrentHashMap<>(); // acknowledged: file -> reason
        List<Wheel> uploaded = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            for (int k = 0; k < 5; k++) {
                uploaded.add(Wheel.of("acme-busy", (n + 1) + "." + k).build());
            }
        }
        List<String> acknowledged = java.util.Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService pool = Executors.newFixedThreadPool(3)) {
            CyclicBarrier together = new CyclicBarrier(3);
            List<Future<?>> writers = new ArrayList<>();
            for (int n = 0; n < 3; n++) {
                int node = n;
                writers.add(pool.submit(() -> {
                    together.await();
                    for (int k = 0; k < 5; k++) {
                        Wheel w = uploaded.get(node * 5 + k);
                        HttpResponse<String> r = upload(cluster.node(node), w);
                        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                        acknowledged.add(w.filename());
                        if (k < 2) {
                            String file = base.get(node * 2 + k).filename();
                            String reason = "by node " + node;
                            HttpResponse<String> y = send(cluster.node(node), "POST", "internal/files/acme-busy/" + file
                                    + "?action=yank&reason=by%20node%20" + node);
                            assertThat(y.statusCode()).as(y.body()).isEqualTo(200);
                            yanked.put(file, reason);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> w : writers) {
                w.get();
            }
        }
        assertThat(acknowledged).hasSize(15);
        assertThat(yanked).hasSize(6);
        for (int node = 0; node < 3; node++) {
            URI at = cluster.node(node);
            String page = Eventually.value(() -> get(at, "internal/simple/acme-busy/", JSON).body(),
                    p -> acknowledged.stream().allMatch(p::contains) && yanked.values().stream().allMatch(p::contains), BOUND);
            for (Wheel w : uploaded) {
                assertThat(page).as("node %d", node).contains(w.sha256());
            }
            for (Map.Entry<String, String> y : yanked.entrySet()) {
                assertThat(page).as("node %d", node).contains("\"filename\":\"" + y.getKey() + "\"")
                        .contains("\"yanked\":\"" + y.getValue() + "\"");
            }
        }
    }

    @Test
    void aNodeKilledDuringA50MbUploadLeavesNothingAndTheRetryThroughAnotherNodeSucceeds() throws Exception {
        Wheel big = Wheel.of("acme-big", "1.0").payload(50_000_000, 7).build();
        UploadForm form = UploadForm.of(big, "acme-big", "1.0");
        byte[] body = form.body();
        URI node2 = cluster.node(2);
        try (Socket socket = new Socket(node2.getHost(), node2.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /internal/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + form.contentType()
                    + "\r\nAuthorization: " + basic() + "\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, body.length - 100_000);
            out.flush();
            cluster.kill(2);
        }
        String file = "internal/files/acme-big/" + big.filename();
        for (int node = 0; node < 2; node++) {
            assertThat(get(cluster.node(node), "internal/simple/acme-big/", JSON).statusCode()).isEqualTo(404);
            assertThat(get(cluster.node(node), file, "*/*").statusCode()).isEqualTo(404);
        }
        cluster.restart(2);
        assertThat(get(node2, "internal/simple/acme-big/", JSON).statusCode()).isEqualTo(404);

        HttpResponse<String> retry = upload(cluster.node(0), big);
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
        for (int node = 0; node < 3; node++) {
            URI at = cluster.node(node);
            String page = Eventually.value(() -> get(at, "internal/simple/acme-big/", JSON).body(),
                    p -> p.contains(big.sha256()), BOUND);
            assertThat(page).contains(big.sha256());
            assertThat(sha256(getBytes(at, file))).isEqualTo(big.sha256());
        }
    }

    @Test
    void aFileCommandOnOneNodesMachineChangesWhatEveryNodeServes() throws Exception {
        Wheel w = Wheel.of("acme-cli", "1.0").build();
        assertThat(upload(cluster.node(0), w).statusCode()).isEqualTo(200);
        var yank = cluster.cli(1, null, "file", "yank", "internal", w.filename(), "--reason", "from the cli");
        assertThat(yank.exitCode()).as(yank.toString()).isZero();
        assertThat(yank.stdout()).isEqualTo("yanked " + w.filename() + "\n");
        var list = cluster.cli(2, null, "file", "list", "internal", "acme-cli");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.stdout()).contains(w.filename()).contains("YANKED: from the cli");
        for (int node = 0; node < 3; node++) {
            URI at = cluster.node(node);
            assertThat(Eventually.value(() -> get(at, "internal/simple/acme-cli/", JSON).body(),
                    p -> p.contains("from the cli"), BOUND)).as("node %d", node).contains("\"yanked\":\"from the cli\"");
        }
    }

    interface Call {
        HttpResponse<String> call(int node) throws Exception;
    }

    /** One call per node, released together. */
    static List<HttpResponse<String>> atOnce(ExecutorService pool, Call call) throws Exception {
        CyclicBarrier together = new CyclicBarrier(2);
        List<Future<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            int node = i;
            calls.add(pool.submit(() -> {
                together.await();
                return call.call(node);
            }));
        }
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (Future<HttpResponse<String>> c : calls) {
            answers.add(c.get());
        }
        return answers;
    }

    static HttpResponse<String> upload(URI node, Wheel w) throws Exception {
        String version = w.filename().split("-")[1];
        UploadForm form = UploadForm.of(w, w.filename().split("-")[0].replace('_', '-'), version);
        return http.send(HttpRequest.newBuilder(node.resolve("internal/")).header("Content-Type", form.contentType())
                .header("Authorization", basic()).timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.body())).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> send(URI node, String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(node.resolve(path)).header("Authorization", basic())
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(URI node, String path, String accept) throws Exception {
        return http.send(HttpRequest.newBuilder(node.resolve(path)).header("Accept", accept).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static byte[] getBytes(URI node, String path) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(node.resolve(path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return r.body();
    }

    static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString(("alice:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
