import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The training run of {@code pymirror serve} that writes its ahead-of-time cache (JEP 483, 514,
 * 515): the classes it loads and links, and the method profiles of what a request runs, so that a
 * server started with {@code -XX:AOTCache=} answers its first request in a fraction of the time.
 * Run at build time, by the package phase (for the checkout's {@code ./pymirror}) and by
 * scripts/build-release (with the release's own runtime, for its {@code bin/pymirror}):
 *
 * <pre>
 * java src/build/java/AotTraining.java JAVA JAR CACHE [JVM_OPTION...]
 * </pre>
 *
 * It starts {@code JAVA -XX:AOTCacheOutput=CACHE JVM_OPTION... -jar JAR serve}, the command line the
 * launchers run: both callers pass {@code @src/main/launcher/serve-jvm.options} (the launchers' own
 * list: collector, heap, compile thresholds, locale data), so that the training loads the classes
 * and gathers the profiles of the server as it will run. The server listens on a free port of
 * 127.0.0.1 with a configuration of every index kind: a mirror whose upstream is a static tree on
 * the same server, a hosted index and a group. It asks for what pip asks for, through the mirror's cold path (page and file fetched from
 * the upstream, stored and hashed) and its warm one, then stops the server with SIGTERM: the JVM
 * writes the cache as it exits. Nothing leaves 127.0.0.1; the work folder is removed.
 *
 * <p>The cold path gets projects of its own, each fetched once through each mirror as a fresh server
 * meets them: the second mirror's upstream is this program serving the tree's HTML pages, as nginx
 * over a synced tree (and many indexes) do. Without them the cache held neither the HTML page reader
 * (jsoup: about 220 classes, loaded and run interpreted on a fresh server's first page) nor profiles
 * of a cold path run more than twice, nor the path of a file sent by sendfile(2) (BENCHMARKS.md).
 *
 * <p>Before the recorded server, a first one (not recorded) on the same data directory fetches
 * projects of their own through the HTML mirror and is stopped: the recorded server then meets them
 * as a service restarted over its cache does, reading their pages, first sightings and files from
 * disk, and meets the other mirror's folders as a fresh server does.
 */
public final class AotTraining {

    private static final String PIP_ACCEPT =
            "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01";
    /** Rounds of warm requests: enough for the profiles of the request path, few enough for a build. */
    private static final int ROUNDS = 40;
    /** Projects met cold, each through both mirrors: enough for the profiles of fetching, storing and hashing. */
    private static final int COLD_PROJECTS = 40;
    /** Projects a first server keeps, which the recorded one then reads from the data directory. */
    private static final int KEPT_PROJECTS = 20;
    /** Above what the server holds in memory, so that it leaves by sendfile(2). */
    private static final int LARGE_WHEEL_BYTES = 3 << 20;

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: java AotTraining.java JAVA JAR CACHE [JVM_OPTION...]");
            System.exit(2);
        }
        Path cache = Path.of(args[2]).toAbsolutePath();
        Path work = Files.createTempDirectory("pymirror-aot-training-");
        try {
            train(args[0], Path.of(args[1]).toAbsolutePath(), cache, List.of(args).subList(3, args.length), work);
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void train(String java, Path jar, Path cache, List<String> options, Path work) throws Exception {
        Path tree = Files.createDirectories(work.resolve("tree/train-pkg"));
        Files.write(tree.resolve("train_pkg-1.0-py3-none-any.whl"), wheel("train_pkg", "1.0"));
        Files.write(tree.resolve("train_pkg-1.1-py3-none-any.whl"), wheel("train_pkg", "1.1"));
        List<String> cold = new ArrayList<>();
        for (int i = 0; i < COLD_PROJECTS; i++) {
            cold.add(project(work.resolve("tree"), "cold-" + i, 2_000 + i * 500));
        }
        cold.add(project(work.resolve("tree"), "cold-large", LARGE_WHEEL_BYTES));
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < KEPT_PROJECTS; i++) {
            kept.add(project(work.resolve("tree"), "kept-" + i, 2_000 + i * 500));
        }
        HttpServer html = htmlUpstream(work.resolve("tree"));
        int port = freePort();
        Path config = Files.writeString(work.resolve("pymirror.toml"), """
                host = "127.0.0.1"
                port = %d
                data = "%s"
                default-index = "pypi"

                [index.pypi]
                upstream = "http://127.0.0.1:%d/tree/simple/"

                [index.html]
                upstream = "http://127.0.0.1:%d/simple/"

                [index.tree]
                kind = "static"
                path = "%s"

                [index.local]
                kind = "hosted"

                [index.main]
                kind = "group"
                members = ["local", "pypi"]
                """.formatted(port, work.resolve("data"), port, html.getAddress().getPort(), work.resolve("tree")));
        Files.deleteIfExists(cache);
        List<String> serve = new ArrayList<>(options);
        serve.addAll(List.of("-jar", jar.toString(), "serve", "--config", config.toString()));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String base = "http://127.0.0.1:" + port;
        try {
            // First a server that is not recorded, to leave the kept projects in the data directory:
            // the recorded one then starts as a restarted service does, its first pages read from disk
            // (without this the cache held no JSON reader of a stored page, and a restarted server
            // loaded and verified those classes on its first request).
            List<String> filler = new ArrayList<>(List.of(java));
            filler.addAll(serve);
            // Through one mirror only: the other's folders stay to be made by the recorded server, as
            // a fresh server makes them (a first sighting's log makes its parent folders).
            serveAndStop(filler, work.resolve("filler.log"), http, base, () -> pipRequests(http, base, kept, "/html"));

            List<String> command = new ArrayList<>(List.of(java, "-XX:AOTCacheOutput=" + cache));
            command.addAll(serve);
            Path log = work.resolve("server.log");
            // The recorded server: the JVM writes the cache as it exits.
            serveAndStop(command, log, http, base, () -> {
                pipRequests(http, base, kept, "/html");
                pipRequests(http, base, cold, "/pypi", "/html");
                requests(http, base);
            });
            if (!Files.isRegularFile(cache)) {
                throw new IllegalStateException("the JVM wrote no AOT cache at " + cache + "; its log:\n" + Files.readString(log));
            }
        } finally {
            html.stop(0);
        }
    }

    /** What the training asks of a running server. */
    private interface Requests {
        void make() throws Exception;
    }

    /**
     * Starts {@code command} (a server writing {@code log}), makes {@code requests} once it answers,
     * and stops it; a failure says what the server logged.
     */
    private static void serveAndStop(List<String> command, Path log, HttpClient http, String base, Requests requests)
            throws Exception {
        Process server = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            waitUntilUp(http, base + "/health", server);
            requests.make();
        } catch (Exception e) {
            server.destroyForcibly();
            throw new IllegalStateException(e.getMessage() + "\nthe server's log:\n" + Files.readString(log), e);
        }
        stop(server, log);
    }

    /** SIGTERM, as a service manager stops it: the server drains and keeps what it holds. */
    private static void stop(Process server, Path log) throws Exception {
        server.destroy();
        if (!server.waitFor(120, TimeUnit.SECONDS)) {
            server.destroyForcibly();
            throw new IllegalStateException("the training server did not stop; its log:\n" + Files.readString(log));
        }
    }

    /**
     * What pip asks for, each project once through each of {@code mirrors}: the page, the metadata and
     * the file, then the file again. On a project the server meets for the first time that is its
     * cold path (page fetched from the upstream, JSON from the one mirror, HTML from the other;
     * metadata and file fetched, stored and hashed while sent); on one a server before it kept, its
     * path after a restart (each read from the data directory).
     */
    private static void pipRequests(HttpClient http, String base, List<String> projects, String... mirrors)
            throws Exception {
        for (String index : mirrors) {
            for (String project : projects) {
                String url = base + index + "/simple/" + project + "/";
                Matcher m = Pattern.compile("\"url\":\\s*\"([^\"]+)\"").matcher(get(http, url, PIP_ACCEPT, 200));
                if (!m.find()) {
                    throw new IllegalStateException(url + " lists no file");
                }
                String file = URI.create(url).resolve(m.group(1)).toString();
                get(http, file + ".metadata", "*/*", 200);
                get(http, file, "*/*", 200);
                get(http, file, "*/*", 200);
            }
        }
    }

    /** What pip, twine's readers and a monitor ask for, first cold (through the upstream), then warm. */
    private static void requests(HttpClient http, String base) throws Exception {
        List<String> files = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            for (String index : List.of("", "/pypi", "/main", "/tree")) {
                String page = get(http, base + index + "/simple/train-pkg/", PIP_ACCEPT, 200);
                get(http, base + index + "/simple/train-pkg/", "text/html", 200);
                if (round == 0) {
                    Matcher m = Pattern.compile("\"url\":\\s*\"([^\"]+)\"").matcher(page);
                    while (m.find()) {
                        files.add(URI.create(base + index + "/simple/train-pkg/").resolve(m.group(1)).toString());
                    }
                }
            }
            for (String file : files) {
                get(http, file, "*/*", 200);
                get(http, file + ".metadata", "*/*", 200);
            }
            get(http, base + "/simple/", PIP_ACCEPT, 200);
            get(http, base + "/simple/no-such-project/", PIP_ACCEPT, 404);
            get(http, base + "/pypi/train-pkg/json", "application/json", 200);
            get(http, base + "/", "text/html", 200);
            get(http, base + "/health", "application/json", 200);
            get(http, base + "/metrics", "text/plain", 200);
        }
        if (files.isEmpty()) {
            throw new IllegalStateException("the training pages listed no files");
        }
    }

    private static String get(HttpClient http, String url, String accept, int expected) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Accept", accept)
                .header("Accept-Encoding", "gzip, deflate").timeout(Duration.ofSeconds(30)).build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ", not " + expected);
        }
        boolean gzip = response.headers().firstValue("Content-Encoding").orElse("").equals("gzip");
        byte[] body = gzip ? new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(response.body())).readAllBytes()
                : response.body();
        return new String(body, StandardCharsets.UTF_8);
    }

    private static void waitUntilUp(HttpClient http, String url, Process server) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("the training server exited with " + server.exitValue());
            }
            try {
                get(http, url, "application/json", 200);
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("the training server did not answer " + url + " within 60 s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * A project folder as {@code pymirror sync} or any static tree has it: one wheel of about
     * {@code bytes} bytes, its metadata file, and an index.html linking both with their hashes.
     */
    private static String project(Path tree, String project, int bytes) throws Exception {
        String module = project.replace('-', '_');
        String filename = module + "-1.0-py3-none-any.whl";
        Path dir = Files.createDirectories(tree.resolve(project));
        byte[] wheel = wheel(module, "1.0", bytes);
        byte[] metadata = metadata(module, "1.0").getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve(filename), wheel);
        Files.write(dir.resolve(filename + ".metadata"), metadata);
        Files.writeString(dir.resolve("index.html"), """
                <!DOCTYPE html>
                <html><head><meta name="pypi:repository-version" content="1.0"><title>Links for %1$s</title></head>
                <body><h1>Links for %1$s</h1>
                <a href="%2$s#sha256=%3$s" data-requires-python="&gt;=3.8" data-dist-info-metadata="sha256=%4$s" \
                data-core-metadata="sha256=%4$s">%2$s</a><br>
                </body></html>
                """.formatted(project, filename, sha256(wheel), sha256(metadata)));
        return project;
    }

    /**
     * The tree's pages and files over HTTP as a web server in front of it serves them: {@code
     * /simple/NAME/} is NAME/index.html, in HTML only, whatever the client accepts, with nginx's
     * keep-alive headers, an ETag and a Last-Modified (the training never revalidates: no 304).
     */
    private static HttpServer htmlUpstream(Path tree) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/simple/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath().substring("/simple/".length());
                Path file = tree.resolve(path.endsWith("/") || path.isEmpty() ? path + "index.html" : path).normalize();
                if (!file.startsWith(tree) || !Files.isRegularFile(file)) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                byte[] body = Files.readAllBytes(file);
                // nginx's keep-alive headers (the upstream client reads the timeout when the first
                // says keep-alive) and validators, as a web server sends them: a mirror keeps them with
                // the page (a quoted ETag is escaped in its JSON, which a restarted server reads back).
                exchange.getResponseHeaders().set("Connection", "keep-alive");
                exchange.getResponseHeaders().set("Keep-Alive", "timeout=60");
                String etag = "\"" + sha256(body).substring(0, 16) + "\"";
                exchange.getResponseHeaders().set("ETag", etag);
                exchange.getResponseHeaders().set("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME
                        .format(Files.getLastModifiedTime(file).toInstant().atOffset(ZoneOffset.UTC)));
                exchange.getResponseHeaders().set("Content-Type", file.toString().endsWith(".html")
                        ? "text/html" : "application/octet-stream");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.start();
        return server;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    private static String metadata(String name, String version) {
        return "Metadata-Version: 2.1\nName: " + name.replace('_', '-') + "\nVersion: " + version
                + "\nRequires-Python: >=3.8\nRequires-Dist: packaging>=20\n\nA package for training.\n";
    }

    /** A small wheel with its metadata, as a build backend writes one. */
    private static byte[] wheel(String name, String version) throws IOException {
        return wheel(name, version, 0);
    }

    /** A wheel with its metadata and, beside its module, {@code payload} bytes that do not compress. */
    private static byte[] wheel(String name, String version, int payload) throws IOException {
        String distInfo = name + "-" + version + ".dist-info/";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            entry(zip, name + "/__init__.py", "VALUE = 1\n".repeat(400));
            if (payload > 0) {
                byte[] noise = new byte[payload];
                new java.util.Random(payload).nextBytes(noise);
                zip.putNextEntry(new ZipEntry(name + "/data.bin"));
                zip.write(noise);
                zip.closeEntry();
            }
            entry(zip, distInfo + "METADATA", metadata(name, version));
            entry(zip, distInfo + "WHEEL", "Wheel-Version: 1.0\nGenerator: pymirror-training\nRoot-Is-Purelib: true\n"
                    + "Tag: py3-none-any\n");
            entry(zip, distInfo + "RECORD", "");
        }
        return bytes.toByteArray();
    }

    private static void entry(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }
}
