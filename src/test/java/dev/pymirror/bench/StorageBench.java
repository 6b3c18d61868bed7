package dev.pymirror.bench;

import dev.pymirror.testing.LocalPorts;
import dev.pymirror.testing.Nginx;
import dev.pymirror.testing.Pip;
import dev.pymirror.testing.S3ProxyProcess;
import dev.pymirror.testing.ServerWait;
import dev.pymirror.testing.StaticIndex;
import dev.pymirror.testing.ToolRun;
import dev.pymirror.testing.Twine;
import dev.pymirror.testing.Wheel;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * pymirror on its data directory against pymirror on S3 (a real S3Proxy on 127.0.0.1) with the
 * node's cache of the bucket's files warm and cold, nginx serving the same tree as the yardstick,
 * in one run (issue 15):
 *
 * <pre>
 * bench/storage.sh [ROUNDS [SECONDS]]     # 3 rounds, wrk runs of 10 s
 * </pre>
 *
 * The content: {@link ServeBenchTree}'s project (a page of 300 files, a 50 KB and a 100 MB wheel)
 * and {@link PipRunBench}'s 32 projects (96 wheels, 45 MB), written once and served by nginx.
 * Each pymirror has a mirror index {@code pypi} of that nginx and a hosted index {@code internal}
 * into which the same wheels (the 96, and the small and large one) are uploaded with the real
 * twine. The servers:
 * <ul>
 *   <li>nginx, one process, sendfile, the tree as written;
 *   <li>(a) pymirror on its data directory ({@code ./pymirror serve}, the launcher users run);
 *   <li>(b) pymirror with {@code storage = "s3://..."} on S3Proxy, its node cache warm (it filled
 *       the bucket);
 *   <li>(c) a second node on the same bucket, started fresh for each round (an empty data
 *       directory: no copy of any file, no page in memory) and warmed up on a project no case
 *       reads, so that each case's objects are fetched from the bucket at their first request.
 *       Deleting copies under a running node's cache does not make it cold: it keeps sending a
 *       file it has open and mapped while requests keep coming.
 * </ul>
 * Both mirrors are filled from nginx first, then every case is warmed up on both JVMs. Each round,
 * for each case, the servers take turns at going first; a case is one GET timed alone (the first
 * request: for (c) the fetch from the bucket) then wrk for the given seconds, reporting requests/s and the
 * server's CPU time per request (pymirror's JVM, plus S3Proxy's for (b) and (c); nginx's process);
 * the pip cases time the real pip's {@code download} of the 32 projects from the mirror and from
 * the hosted index (nginx serves the same tree for both). The arithmetic is {@link StorageTable}'s.
 * The Markdown is printed and appended to {@code target/bench/storage.md}.
 */
public final class StorageBench {

    private static final String PASSWORD = "bench-password";
    private static final String WARM_UP = "benchwarm";
    private static final String PIP_ACCEPT =
            "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01";

    /** What nginx's {@code http} block adds to {@link Nginx}'s: as bench/serve.sh configures it. */
    private static final String NGINX_HTTP = """
            access_log off;
            sendfile on;
            tcp_nopush on;
            keepalive_requests 1000000;
            default_type application/octet-stream;
            """;

    /** One URL measured with wrk: its path on nginx and on pymirror, wrk's threads and connections. */
    private record Case(String name, String description, String nginxPath, String pymirrorPath, int connections) {

        /** Requests/s of a 100 MB file are few: shown with decimals. */
        String rateFormat() {
            return connections < 32 ? "%.2f" : "%.0f";
        }
    }

    /** A server measured: its name in {@link StorageTable}, base URL and the processes whose CPU it costs. */
    private record Server(String name, String base, List<Long> pids) {}

    private StorageBench() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path launcher = Path.of("pymirror").toAbsolutePath();
        Path work = Files.createTempDirectory("pymirror-storage-bench-");
        List<Process> processes = new ArrayList<>();
        S3ProxyProcess s3 = null;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
            Path tree = work.resolve("tree");
            PipRunBench.writeProjects(tree);
            // The project (c) is warmed up on: read by no case. Its page list is replaced next, as unused.
            new StaticIndex(tree).add(Wheel.of(WARM_UP, "1.0").payload(50_000, 99).build()).write();
            ServeBenchTree.Written bench = ServeBenchTree.write(tree);
            List<Path> wheels = new ArrayList<>();
            for (Path dir : List.of(tree.resolve("files"), tree.resolve("files/benchpkg"))) {
                try (Stream<Path> files = Files.list(dir)) {
                    files.filter(p -> p.getFileName().toString().endsWith(".whl")).sorted().forEach(wheels::add);
                }
            }

            int nginxPort = LocalPorts.free();
            Process nginx = Nginx.start(work.resolve("nginx"), nginxPort, NGINX_HTTP, """
                    root %s;
                    location /simple/ {
                        types { application/vnd.pypi.simple.v1+json json; text/html html; }
                        gzip_static on;
                        add_header Vary "Accept, Accept-Encoding";
                        try_files $uri$pypi_page $uri/index.html =404;
                    }
                    location /files/ {
                    }
                    """.formatted(tree));
            processes.add(nginx);
            String nginxBase = "http://127.0.0.1:" + nginxPort;
            ServerWait.awaitOk(http, nginxBase + "/simple/benchpkg/", nginx, 10);

            s3 = S3ProxyProcess.start(work.resolve("s3proxy"));
            s3.bucket("bench");
            String indexes = """
                    [index.pypi]
                    kind = "mirror"
                    upstream = "%s/simple/"
                    page-ttl = "1d"

                    [index.internal]
                    kind = "hosted"
                    upload = "users"
                    max-upload = "200MB"
                    """.formatted(nginxBase);
            Path diskConfig = Files.writeString(work.resolve("disk.toml"), "default-index = \"pypi\"\n\n" + indexes);
            Path s3Config = Files.writeString(work.resolve("s3.toml"), """
                    storage = "s3://bench/pymirror"
                    default-index = "pypi"

                    %s
                    [s3]
                    endpoint = "%s"
                    path-style = true
                    access-key-id = "%s"
                    secret-access-key = "%s"
                    """.formatted(indexes, s3.endpoint(), S3ProxyProcess.ACCESS_KEY, S3ProxyProcess.SECRET_KEY));
            Path diskData = work.resolve("data-disk");
            Path s3Data = work.resolve("data-s3");
            addUser(launcher, diskConfig, diskData, work);
            addUser(launcher, s3Config, s3Data, work);
            int diskPort = LocalPorts.free();
            int s3Port = LocalPorts.free();
            Process disk = serve(launcher, diskConfig, diskData, diskPort, work.resolve("disk.log"));
            processes.add(disk);
            Process node = serve(launcher, s3Config, s3Data, s3Port, work.resolve("s3.log"));
            processes.add(node);
            String diskBase = "http://127.0.0.1:" + diskPort;
            String s3Base = "http://127.0.0.1:" + s3Port;
            ServerWait.awaitOk(http, diskBase + "/health", disk, 90);
            ServerWait.awaitOk(http, s3Base + "/health", node, 90);

            List<Server> servers = List.of(
                    new Server(StorageTable.NGINX, nginxBase, List.of(nginx.pid())),
                    new Server(StorageTable.DISK, diskBase, List.of(disk.pid())),
                    new Server(StorageTable.S3_WARM, s3Base, List.of(node.pid(), s3.pid())));

            Twine twine = new Twine(Files.createDirectories(work.resolve("twine-home")));
            for (String base : List.of(diskBase, s3Base)) {
                ToolRun up = twine.upload(base + "/internal/", "bench", PASSWORD, wheels.toArray(Path[]::new));
                if (!up.ok()) {
                    throw new IllegalStateException("twine upload to " + base + " failed:\n" + up);
                }
            }

            List<Case> cases = List.of(
                    new Case("mirror-page", "mirror: project page, JSON (300 files)", "/simple/benchpkg/",
                            "/simple/benchpkg/", 32),
                    new Case("mirror-small", "mirror: small wheel (" + size(tree.resolve("files/benchpkg/" + bench.small()))
                            + ")", "/files/benchpkg/" + bench.small(), "/files/benchpkg/" + bench.small(), 32),
                    new Case("mirror-large", "mirror: large wheel (" + size(tree.resolve("files/benchpkg/" + bench.large()))
                            + ")", "/files/benchpkg/" + bench.large(), "/files/benchpkg/" + bench.large(), 4),
                    new Case("hosted-page", "hosted: project page, JSON (3 files; nginx: HTML)", "/simple/numpy/",
                            "/internal/simple/numpy/", 32),
                    new Case("hosted-small", "hosted: the same small wheel", "/files/benchpkg/" + bench.small(),
                            "/internal/files/benchpkg/" + bench.small(), 32),
                    new Case("hosted-large", "hosted: the same large wheel", "/files/benchpkg/" + bench.large(),
                            "/internal/files/benchpkg/" + bench.large(), 4));
            String warmUpWheel = WARM_UP + "-1.0-py3-none-any.whl";
            List<String> warmUpPaths = List.of("/simple/" + WARM_UP + "/", "/files/" + WARM_UP + "/" + warmUpWheel,
                    "/internal/simple/" + WARM_UP + "/", "/internal/files/" + WARM_UP + "/" + warmUpWheel);

            // Fill both mirrors from nginx (pages and files), and check every server answers every case.
            Pip pip = new Pip(Files.createDirectories(work.resolve("pip-home")));
            Set<String> expected = PipRunBench.download(pip, nginxBase + "/simple/", work.resolve("pip-warm"));
            PipRunBench.same(null, expected);
            for (String base : List.of(diskBase, s3Base)) {
                for (String index : List.of("/simple/", "/internal/simple/")) {
                    Path dest = work.resolve("pip-fill");
                    PipRunBench.same(expected, PipRunBench.download(pip, base + index, dest));
                    PipRunBench.deleteTree(dest);
                }
            }
            for (Case c : cases) {
                for (Server s : servers) {
                    firstRequest(http, s.base() + path(c, s));
                }
            }
            for (String path : warmUpPaths) {
                firstRequest(http, s3Base + path); // into the bucket, for (c)'s warm-up
            }

            Path lua = Files.writeString(work.resolve("report.lua"), """
                    done = function(summary, latency, requests)
                      local e = summary.errors
                      io.write(string.format("RESULT %d %d %d %d\\n", summary.requests, summary.bytes, summary.duration,
                        e.connect + e.read + e.write + e.status + e.timeout))
                    end
                    """);
            System.out.printf(Locale.ROOT, "warming up the JVMs: %d s per case and pymirror%n", seconds);
            for (Case c : cases) {
                for (Server s : servers.subList(1, 3)) {
                    wrk(lua, c, s, seconds);
                }
            }

            StorageTable rate = new StorageTable();
            StorageTable cpu = new StorageTable();
            StorageTable first = new StorageTable();
            StorageTable pipTimes = new StorageTable();
            int errors = 0;
            String loadBefore = load();
            for (int r = 0; r < rounds; r++) {
                Path coldData = work.resolve("data-cold-" + r);
                int coldPort = LocalPorts.free();
                Process cold = serve(launcher, s3Config, coldData, coldPort, work.resolve("cold-" + r + ".log"));
                try {
                    String coldBase = "http://127.0.0.1:" + coldPort;
                    ServerWait.awaitOk(http, coldBase + "/health", cold, 90);
                    for (String path : warmUpPaths) {
                        firstRequest(http, coldBase + path);
                        wrk(lua, coldBase + path, path.contains("/files/") ? 4 : 32, Math.min(seconds, 5), List.of(cold.pid()));
                    }
                    List<Server> all = new ArrayList<>(servers);
                    all.add(new Server(StorageTable.S3_COLD, coldBase, List.of(cold.pid(), s3.pid())));
                    // Each server goes first in turn, so that none always follows another's load.
                    List<Server> order = new ArrayList<>(all.subList(r % all.size(), all.size()));
                    order.addAll(all.subList(0, r % all.size()));
                    errors += round(r, rounds, order, cases, lua, seconds, http, pip, work, expected,
                            rate, cpu, first, pipTimes);
                } finally {
                    cold.destroy();
                    if (!cold.waitFor(30, TimeUnit.SECONDS)) {
                        cold.destroyForcibly().waitFor();
                    }
                }
                PipRunBench.deleteTree(coldData);
            }
            String report = report(rounds, seconds, cases, rate, cpu, first, pipTimes, errors,
                    PipRunBench.sizeOf(work.resolve("pip-warm")), expected.size(), loadBefore, load());
            System.out.println(report);
            Path results = Path.of("target/bench/storage.md");
            Files.createDirectories(results.getParent());
            Files.writeString(results, report + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } finally {
            for (Process p : processes.reversed()) {
                p.destroy();
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor();
                }
            }
            if (s3 != null) {
                s3.close();
            }
            PipRunBench.deleteTree(work);
        }
    }

    /** One round: every case on every server in {@code order}, then pip from both indexes; wrk's error count. */
    private static int round(int r, int rounds, List<Server> order, List<Case> cases, Path lua, int seconds,
            HttpClient http, Pip pip, Path work, Set<String> expected, StorageTable rate, StorageTable cpu,
            StorageTable first, StorageTable pipTimes) throws Exception {
        int errors = 0;
        for (Case c : cases) {
            for (Server s : order) {
                first.add(c.name(), s.name(), firstRequest(http, s.base() + path(c, s)) * 1e3);
                double[] w = wrk(lua, c, s, seconds);
                rate.add(c.name(), s.name(), w[0]);
                cpu.add(c.name(), s.name(), w[2]);
                errors += (int) w[1];
                System.out.printf(Locale.ROOT, "round %d/%d %s %s: %.0f requests/s, %.0f µs CPU/request%s%n",
                        r + 1, rounds, c.name(), s.name(), w[0], w[2], w[1] > 0 ? ", " + (int) w[1] + " errors" : "");
            }
        }
        for (String index : List.of("pypi", "internal")) {
            for (Server s : order) {
                String url = s.base() + (s.name().equals(StorageTable.NGINX) || index.equals("pypi")
                        ? "/simple/" : "/internal/simple/");
                Path dest = work.resolve("pip-" + r);
                long t0 = System.nanoTime();
                Set<String> got = PipRunBench.download(pip, url, dest);
                double took = (System.nanoTime() - t0) / 1e9;
                PipRunBench.same(expected, got);
                PipRunBench.deleteTree(dest);
                pipTimes.add("pip-" + (index.equals("pypi") ? "mirror" : "hosted"), s.name(), took);
                System.out.printf(Locale.ROOT, "round %d/%d pip download from %s %s: %.2f s%n",
                        r + 1, rounds, index, s.name(), took);
            }
        }
        return errors;
    }

    private static String path(Case c, Server s) {
        return s.name().equals(StorageTable.NGINX) ? c.nginxPath() : c.pymirrorPath();
    }

    /** {@code pymirror user add bench}, which hosted uploads need, through the launcher. */
    private static void addUser(Path launcher, Path config, Path data, Path work) throws Exception {
        Path log = work.resolve("user-" + data.getFileName() + ".log");
        Process p = new ProcessBuilder(launcher.toString(), "user", "add", "bench", "--password-stdin",
                "--config", config.toString(), "--data", data.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try (var in = p.getOutputStream()) {
            in.write((PASSWORD + "\n").getBytes(StandardCharsets.UTF_8));
        }
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("pymirror user add failed:\n" + Files.readString(log));
        }
    }

    /** {@code ./pymirror serve}, its access log off as nginx's is, with bench/serve.sh's memory settings. */
    private static Process serve(Path launcher, Path config, Path data, int port, Path log) throws IOException {
        ProcessBuilder b = new ProcessBuilder(launcher.toString(), "serve", "--config", config.toString(),
                "--port", Integer.toString(port), "--data", data.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        b.environment().put("PYMIRROR_ACCESS_LOG", "OFF");
        b.environment().putIfAbsent("PYMIRROR_JAVA_OPTS", "-Xms1g -Xmx1g -XX:+UseParallelGC -XX:+AlwaysPreTouch");
        return b.start();
    }

    /** One GET alone, with pip's headers, its body read whole; seconds. */
    private static double firstRequest(HttpClient http, String url) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Accept", PIP_ACCEPT)
                .timeout(Duration.ofMinutes(2)).build();
        long t0 = System.nanoTime();
        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
        double took = (System.nanoTime() - t0) / 1e9;
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode());
        }
        return took;
    }

    /** wrk on one case and server: requests/s, errors, and the server's CPU µs per request. */
    private static double[] wrk(Path lua, Case c, Server s, int seconds) throws Exception {
        return wrk(lua, s.base() + path(c, s), c.connections(), seconds, s.pids());
    }

    /** wrk with pip's headers on one URL: requests/s, errors, and the CPU µs per request of {@code pids}. */
    private static double[] wrk(Path lua, String url, int connections, int seconds, List<Long> pids) throws Exception {
        long cpuBefore = cpuNanos(pids);
        Process p = new ProcessBuilder("wrk", "-t2", "-c" + connections, "-d" + seconds + "s", "--timeout", "30s",
                "-s", lua.toString(), "-H", "Accept: " + PIP_ACCEPT, "-H", "Accept-Encoding: gzip, deflate",
                url).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("wrk failed:\n" + out);
        }
        long cpu = cpuNanos(pids) - cpuBefore;
        for (String line : out.split("\n")) {
            String[] f = line.strip().split(" ");
            if (f[0].equals("RESULT")) {
                long requests = Long.parseLong(f[1]);
                double duration = Long.parseLong(f[3]) / 1e6;
                return new double[] {requests / duration, Long.parseLong(f[4]),
                    requests > 0 ? cpu / 1e3 / requests : Double.NaN};
            }
        }
        throw new IllegalStateException("wrk said no result:\n" + out);
    }

    /** User and system time of these processes (all their threads) so far. */
    private static long cpuNanos(List<Long> pids) {
        long total = 0;
        for (long pid : pids) {
            total += ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration()).orElseThrow().toNanos();
        }
        return total;
    }

    private static String load() throws IOException {
        String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return f[0] + " " + f[1] + " " + f[2];
    }

    private static String size(Path file) throws IOException {
        long bytes = Files.size(file);
        return bytes >= 1_000_000 ? String.format(Locale.ROOT, "%.0f MB", bytes / 1e6)
                : String.format(Locale.ROOT, "%.0f KB", bytes / 1e3);
    }

    static String report(int rounds, int seconds, List<Case> cases, StorageTable rate, StorageTable cpu,
            StorageTable first, StorageTable pip, int errors, long pipBytes, int pipFiles, String loadBefore,
            String loadAfter) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, """
                Run %s with `bench/storage.sh %d %d`: %d rounds, wrk for %d s per case and server; medians.
                (a) pymirror on its data directory, (b) pymirror on S3Proxy with its node cache warm, (c) a
                second node on the same bucket started fresh each round (empty node cache, no page in memory),
                its JVM warmed up on another project. Load average (1, 5, 15 min) before: %s, after: %s.%s

                Requests/s (wrk -t2, -c32; -c4 on the large wheels):

                """, java.time.Instant.now().toString().substring(0, 16).replace('T', ' ') + " UTC", rounds, seconds,
                rounds, seconds, loadBefore, loadAfter, errors == 0 ? "" : " **wrk counted " + errors + " errors.**"));
        b.append(StorageTable.header("req/s")).append('\n');
        for (Case c : cases) {
            b.append(rate.row(c.name(), c.description(), c.rateFormat())).append('\n');
        }
        b.append("\nThe first request alone (one GET timed before each wrk run; for (c) the fetch from the bucket), ms:\n\n");
        b.append(StorageTable.header("ms")).append('\n');
        for (Case c : cases) {
            b.append(first.row(c.name(), c.description(), "%.1f")).append('\n');
        }
        b.append("\nCPU µs per request (nginx's process; pymirror's JVM, plus S3Proxy's for (b) and (c)):\n\n");
        b.append(StorageTable.header("µs")).append('\n');
        for (Case c : cases) {
            b.append(cpu.row(c.name(), c.description(), "%.0f")).append('\n');
        }
        b.append(String.format(Locale.ROOT, "%n`pip download` of %s (%d wheels, %.1f MB), Debian's pip, no cache, s:%n%n",
                String.join(" ", PipRunBench.roots()), pipFiles, pipBytes / 1e6));
        b.append(StorageTable.header("s")).append('\n');
        b.append(pip.row("pip-mirror", "from the mirror index", "%.2f")).append('\n');
        b.append(pip.row("pip-hosted", "from the hosted index", "%.2f")).append('\n');
        b.append("\nEach round (requests/s; pip: s):\n\n| case | nginx | (a) disk | (b) S3, warm | (c) S3, cold |\n|---|---|---|---|---|\n");
        for (Case c : cases) {
            b.append(rate.rounds(c.name(), c.rateFormat())).append('\n');
        }
        b.append(pip.rounds("pip-mirror", "%.2f")).append('\n');
        b.append(pip.rounds("pip-hosted", "%.2f")).append('\n');
        return b.toString();
    }
}
