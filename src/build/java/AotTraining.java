import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
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
 * It starts {@code JAVA -XX:AOTCacheOutput=CACHE JVM_OPTION... -jar JAR serve} (the command line the
 * launchers run, so the cache matches it) on a free port of 127.0.0.1 with a configuration of every
 * index kind: a mirror whose upstream is a static tree on the same server, a hosted index and a
 * group. It asks for what pip asks for, through the mirror's cold path (page and file fetched from
 * the upstream, stored and hashed) and its warm one, then stops the server with SIGTERM: the JVM
 * writes the cache as it exits. Nothing leaves 127.0.0.1; the work folder is removed.
 */
public final class AotTraining {

    private static final String PIP_ACCEPT =
            "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01";
    /** Rounds of warm requests: enough for the profiles of the request path, few enough for a build. */
    private static final int ROUNDS = 40;

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
        int port = freePort();
        Path config = Files.writeString(work.resolve("pymirror.toml"), """
                host = "127.0.0.1"
                port = %d
                data = "%s"
                default-index = "pypi"

                [index.pypi]
                upstream = "http://127.0.0.1:%d/tree/simple/"

                [index.tree]
                kind = "static"
                path = "%s"

                [index.local]
                kind = "hosted"

                [index.main]
                kind = "group"
                members = ["local", "pypi"]
                """.formatted(port, work.resolve("data"), port, work.resolve("tree")));
        Files.deleteIfExists(cache);
        List<String> command = new ArrayList<>(List.of(java, "-XX:AOTCacheOutput=" + cache));
        command.addAll(options);
        command.addAll(List.of("-jar", jar.toString(), "serve", "--config", config.toString()));
        Path log = work.resolve("server.log");
        Process server = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String base = "http://127.0.0.1:" + port;
            waitUntilUp(http, base + "/health", server, log);
            requests(http, base);
        } catch (Exception e) {
            server.destroyForcibly();
            throw new IllegalStateException(e.getMessage() + "\nthe server's log:\n" + Files.readString(log), e);
        }
        server.destroy(); // SIGTERM: the shutdown runs, then the JVM writes the cache
        if (!server.waitFor(120, TimeUnit.SECONDS)) {
            server.destroyForcibly();
            throw new IllegalStateException("the training server did not stop; its log:\n" + Files.readString(log));
        }
        if (!Files.isRegularFile(cache)) {
            throw new IllegalStateException("the JVM wrote no AOT cache at " + cache + "; its log:\n" + Files.readString(log));
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

    private static void waitUntilUp(HttpClient http, String url, Process server, Path log) throws Exception {
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

    /** A small wheel with its metadata, as a build backend writes one. */
    private static byte[] wheel(String name, String version) throws IOException {
        String distInfo = name + "-" + version + ".dist-info/";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            entry(zip, name + "/__init__.py", "VALUE = 1\n".repeat(400));
            entry(zip, distInfo + "METADATA", "Metadata-Version: 2.1\nName: " + name.replace('_', '-') + "\nVersion: "
                    + version + "\nRequires-Python: >=3.8\nRequires-Dist: packaging>=20\n\nA package for training.\n");
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
