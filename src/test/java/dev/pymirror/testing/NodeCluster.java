package dev.pymirror.testing;

import dev.pymirror.store.blob.ObjectCache;
import dev.pymirror.store.blob.ObjectInfo;
import dev.pymirror.store.blob.S3BlobStore;
import dev.pymirror.store.blob.S3Settings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Several real {@code pymirror serve} processes (the built jar) on 127.0.0.1 sharing one bucket of a
 * real S3 server ({@link S3ProxyProcess}): issue 15's nodes. Every node reads one configuration
 * file, the caller's {@code [index.*]} tables under {@code storage = "s3://<bucket>/<prefix>"} and
 * the {@code [s3]} table; each has its own data directory and port (given on its command line, so
 * that the file stays the one every node of a real deployment would read), with the default
 * {@code call-timeout} and {@code attempt-timeout}, which the outage tests hold to issue 15's bound. A node can be killed
 * (SIGKILL), stopped gracefully and started again on the same port and data directory; the S3
 * server can be frozen (SIGSTOP). Optionally nginx sits in front with a plain round-robin
 * {@code upstream} over the nodes, as the README's "Several nodes" example.
 */
public final class NodeCluster implements AutoCloseable {

    public static final String BUCKET = "nodes";
    public static final String PREFIX = "cluster";

    private final Path dir;
    private final S3ProxyProcess storage;
    private final Path config;
    private final Map<String, String> environment;
    private final List<Node> nodes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process nginx;
    private int nginxPort;

    /** One node: its port and data directory stay across restarts; its process changes. */
    private static final class Node {
        final int index;
        final int port;
        final Path data;
        PymirrorProcess process;
        int starts;

        Node(int index, int port, Path data) {
            this.index = index;
            this.port = port;
            this.data = data;
        }
    }

    private NodeCluster(Path dir, S3ProxyProcess storage, Path config, Map<String, String> environment) {
        this.dir = dir;
        this.storage = storage;
        this.config = config;
        this.environment = environment;
    }

    /**
     * Starts S3Proxy with a bucket and {@code count} nodes over it, all under {@code dir}, and waits
     * until each answers {@code /health}. {@code indexTables} is the configuration's
     * {@code [index.*]} tables (and any other top-level keys, which must come before them); paths in
     * it are relative to {@code dir}, where the file is.
     */
    public static NodeCluster start(Path dir, int count, String indexTables) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        S3ProxyProcess storage = S3ProxyProcess.start(Files.createDirectories(dir.resolve("s3proxy")));
        NodeCluster cluster = null;
        try {
            storage.bucket(BUCKET);
            Path config = Files.writeString(dir.resolve("pymirror.toml"), """
                    storage = "s3://%s/%s"
                    %s

                    [s3]
                    endpoint = "%s"
                    path-style = true
                    access-key-id = "%s"
                    secret-access-key = "%s"
                    """.formatted(BUCKET, PREFIX, indexTables.strip(), storage.endpoint(),
                    S3ProxyProcess.ACCESS_KEY, S3ProxyProcess.SECRET_KEY), StandardCharsets.UTF_8);
            Map<String, String> environment = new HashMap<>();
            environment.put("PATH", System.getenv("PATH"));
            environment.put("HOME", Files.createDirectories(dir.resolve("home")).toString());
            cluster = new NodeCluster(dir, storage, config, Map.copyOf(environment));
            for (int i = 0; i < count; i++) {
                Node node = new Node(i, LocalPorts.free(), dir.resolve("node-" + i + "/data"));
                cluster.nodes.add(node);
                cluster.launch(node);
            }
            for (Node node : cluster.nodes) {
                cluster.awaitHealth(node);
            }
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            if (cluster != null) {
                cluster.close();
            } else {
                storage.close();
            }
            throw e;
        }
    }

    /** {@link #start}, then nginx on a free port with a round-robin {@code upstream} over the nodes. */
    public static NodeCluster startBehindNginx(Path dir, int count, String indexTables)
            throws IOException, InterruptedException {
        NodeCluster cluster = start(dir, count, indexTables);
        try {
            cluster.startNginx();
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    private void startNginx() throws IOException, InterruptedException {
        StringBuilder upstream = new StringBuilder("upstream pymirror_nodes {\n");
        for (Node node : nodes) {
            // max_fails=0: a node that refused a connection is asked again on the next turn,
            // not left out for 10 s, so a restarted node takes its share at once.
            upstream.append("    server 127.0.0.1:").append(node.port).append(" max_fails=0;\n");
        }
        upstream.append("}\naccess_log ").append(dir.resolve("nginx/access.log")).append(";");
        String server = """
                client_max_body_size 0;
                location / {
                    proxy_pass http://pymirror_nodes;
                    proxy_http_version 1.1;
                    proxy_set_header Connection "";
                    proxy_set_header Host $http_host;
                    proxy_request_buffering off;
                    proxy_buffering off;
                    proxy_next_upstream error timeout;
                    proxy_connect_timeout 2s;
                }
                """;
        nginxPort = LocalPorts.free();
        nginx = Nginx.start(dir.resolve("nginx"), nginxPort, upstream.toString(), server);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            if (!nginx.isAlive()) {
                throw new IOException("nginx exited " + nginx.exitValue() + ":\n" + nginxLog());
            }
            if (healthy(balancer())) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("nginx did not answer on port " + nginxPort + " within 30 s:\n" + nginxLog());
            }
            Thread.sleep(100);
        }
    }

    private String nginxLog() throws IOException {
        Path log = dir.resolve("nginx/error.log");
        return Files.isRegularFile(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no error.log)";
    }

    /** How many nodes. */
    public int size() {
        return nodes.size();
    }

    /** Node {@code i}'s base URL, {@code http://127.0.0.1:<port>/}. */
    public URI node(int i) {
        return URI.create("http://127.0.0.1:" + nodes.get(i).port + "/");
    }

    /** Every node's base URL. */
    public List<URI> nodes() {
        List<URI> all = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            all.add(node(i));
        }
        return all;
    }

    /** nginx's base URL, {@code http://127.0.0.1:<port>/}; only after {@link #startBehindNginx}. */
    public URI balancer() {
        if (nginx == null) {
            throw new IllegalStateException("no nginx: start the cluster with startBehindNginx");
        }
        return URI.create("http://127.0.0.1:" + nginxPort + "/");
    }

    /** The one configuration file every node reads. */
    public Path config() {
        return config;
    }

    /** Node {@code i}'s own data directory. */
    public Path data(int i) {
        return nodes.get(i).data;
    }

    /** The environment the nodes run in (PATH and a HOME of the cluster's), for a CLI run beside them. */
    public Map<String, String> environment() {
        return environment;
    }

    /** The S3 server behind the nodes. */
    public S3ProxyProcess storage() {
        return storage;
    }

    /**
     * Runs {@code pymirror <args> --config <the cluster's file> --data <node i's data>} to its end,
     * as an operator on node {@code i}'s machine would (standard input from {@code stdin}).
     */
    public PymirrorProcess.Result cli(int i, String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = PymirrorProcess.command(args);
        command.addAll(List.of("--config", config.toString(), "--data", nodes.get(i).data.toString()));
        Path cli = Files.createDirectories(dir.resolve("cli"));
        Path input = Files.writeString(Files.createTempFile(cli, "stdin", ""), stdin == null ? "" : stdin,
                StandardCharsets.UTF_8);
        Path out = Files.createTempFile(cli, "stdout", "");
        Path err = Files.createTempFile(cli, "stderr", "");
        ProcessBuilder pb = new ProcessBuilder(command).redirectInput(input.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().clear();
        pb.environment().putAll(environment);
        Process p = pb.start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("pymirror " + String.join(" ", args) + " did not finish in 2 minutes");
        }
        return new PymirrorProcess.Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** SIGKILL of node {@code i}: no shutdown of any kind; waits until the process is gone. */
    public void kill(int i) throws InterruptedException {
        Process p = nodes.get(i).process.process();
        p.destroyForcibly(); // SIGKILL on Linux
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("node " + i + " outlived SIGKILL for 30 s");
        }
    }

    /**
     * SIGTERM of node {@code i}, and waits (at most 60 s) for its orderly end: the requests under way
     * drained, exit 0.
     */
    public void stop(int i) throws InterruptedException, IOException {
        Process p = nodes.get(i).process.process();
        p.destroy();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("node " + i + " did not stop within 60 s of SIGTERM");
        }
        if (p.exitValue() != 0) {
            throw new AssertionError("node " + i + " exited " + p.exitValue() + " on SIGTERM:\n" + log(i));
        }
    }

    /** Starts a stopped or killed node again on its port and data directory, and waits for /health. */
    public void restart(int i) throws IOException, InterruptedException {
        Node node = nodes.get(i);
        if (node.process.process().isAlive()) {
            throw new IllegalStateException("node " + i + " is still running: stop or kill it first");
        }
        launch(node);
        awaitHealth(node);
    }

    /** Whether node {@code i}'s process is running. */
    public boolean alive(int i) {
        return nodes.get(i).process.process().isAlive();
    }

    /** What node {@code i}'s current process has written so far (for a failing test's message). */
    public String log(int i) throws IOException {
        PymirrorProcess p = nodes.get(i).process;
        return "--- node " + i + " stdout\n" + p.stdoutSoFar() + "\n--- node " + i + " stderr\n" + p.stderrSoFar();
    }

    /** Every node's output and S3Proxy's, for a failing test's message. */
    public String logs() throws IOException {
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < nodes.size(); i++) {
            all.append(log(i)).append('\n');
        }
        return all.append("--- s3proxy\n").append(storage.log()).toString();
    }

    /** Every key in the cluster's bucket, listed through a store of its own (as another node would). */
    public List<String> bucketKeys() throws IOException {
        try (S3BlobStore store = bucket("lister-cache")) {
            return store.list("").stream().map(ObjectInfo.Listed::key).toList();
        }
    }

    /**
     * Removes {@code key} from the cluster's bucket through a store of its own, as an operator's hand
     * would, behind every node's back: whether it was there.
     */
    public boolean deleteFromBucket(String key) throws IOException {
        try (S3BlobStore store = bucket("deleter-cache")) {
            return store.delete(key);
        }
    }

    private S3BlobStore bucket(String cache) throws IOException {
        S3Settings settings = S3Settings.parse("s3://" + BUCKET + "/" + PREFIX)
                .withEndpoint(storage.endpoint(), "us-east-1", true)
                .withCredentials(S3ProxyProcess.ACCESS_KEY, S3ProxyProcess.SECRET_KEY)
                .withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(5));
        return S3BlobStore.open(settings, new ObjectCache(dir.resolve(cache), 1 << 20));
    }

    /** GET {@code url}, a node's or nginx's, its body as bytes; 60 s at most, for a loaded machine. */
    public HttpResponse<byte[]> get(URI url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /**
     * Waits (60 s at most) until the bucket holds a key ending with each of {@code keySuffixes}: a
     * client has a fresh file once its bytes are checked, and its node stores it just after.
     */
    public void awaitInBucket(String... keySuffixes) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            List<String> keys = bucketKeys();
            if (java.util.Arrays.stream(keySuffixes).allMatch(f -> keys.stream().anyMatch(k -> k.endsWith(f)))) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not all of " + java.util.Arrays.toString(keySuffixes) + " in the bucket: "
                        + keys + "\n" + logs());
            }
            Thread.sleep(50);
        }
    }

    /** SIGSTOP of the S3 server: the bucket stops answering (connections accepted, never served). */
    public void freezeStorage() throws IOException, InterruptedException {
        storage.freeze();
    }

    /** SIGCONT of the S3 server. */
    public void thawStorage() throws IOException, InterruptedException {
        storage.thaw();
    }

    private void launch(Node node) throws IOException {
        node.starts++;
        node.process = PymirrorProcess.start(dir.resolve("node-" + node.index + "/run-" + node.starts), environment,
                PymirrorProcess.command("serve", "--config", config.toString(), "--host", "127.0.0.1",
                        "--port", Integer.toString(node.port), "--data", node.data.toString()));
    }

    private void awaitHealth(Node node) throws IOException, InterruptedException {
        // 180 s: on a shared machine of two cores at a load of 20, three nodes and S3Proxy starting
        // together each took more than 90 s before their first line of output.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        URI url = URI.create("http://127.0.0.1:" + node.port + "/");
        while (true) {
            if (!node.process.process().isAlive()) {
                throw new IOException("node " + node.index + " exited " + node.process.process().exitValue()
                        + " while starting:\n" + log(node.index));
            }
            if (healthy(url)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("node " + node.index + " did not answer /health within 180 s:\n" + log(node.index));
            }
            Thread.sleep(100);
        }
    }

    private boolean healthy(URI base) throws InterruptedException {
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(base.resolve("/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops nginx, every node (SIGTERM, then SIGKILL) and S3Proxy. */
    @Override
    public void close() throws IOException, InterruptedException {
        if (nginx != null) {
            nginx.destroy();
            if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
                nginx.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        storage.thaw(); // a node stopping may still talk to the bucket
        for (Node node : nodes) {
            if (node.process != null) {
                node.process.process().destroy();
            }
        }
        for (Node node : nodes) {
            if (node.process != null && !node.process.process().waitFor(30, TimeUnit.SECONDS)) {
                node.process.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        storage.close();
    }
}
