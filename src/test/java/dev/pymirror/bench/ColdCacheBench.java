package dev.pymirror.bench;

import dev.pymirror.testing.LocalPorts;
import dev.pymirror.testing.Nginx;
import dev.pymirror.testing.ServerWait;
import dev.pymirror.testing.StaticIndex;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The cold-cache path with a warm JVM: what pymirror adds to each page and file it has not seen yet
 * beyond the upstream's own time. nginx serves a generated tree; pymirror (started through {@code
 * ./pymirror}, a mirror of that nginx) is first warmed up on projects of its own, each met once as
 * a fresh cache meets it; then, for each measured project, its page and its file are asked for
 * straight from nginx and through pymirror, whose cache has neither (which of the two goes first
 * alternates). Each request is one client's, one after the other, on kept-alive connections, as pip
 * asks.
 *
 * <pre>
 * bench/cold-cache.sh [MEASURED [WARM-UP [KILOBYTES]]]      # 200 300 100 by default
 * </pre>
 *
 * The arithmetic (medians and their differences) is {@link ServerAddedTime}'s.
 */
public final class ColdCacheBench {

    private static final String PIP_ACCEPT =
            "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01";
    private static final Pattern FILE_URL = Pattern.compile("\"url\":\\s*\"([^\"]+)\"");

    private ColdCacheBench() {}

    public static void main(String[] args) throws Exception {
        int measured = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int kilobytes = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        Path work = Files.createTempDirectory("pymirror-cold-cache-");
        Process nginx = null;
        Process server = null;
        try {
            Path tree = work.resolve("tree");
            StaticIndex index = new StaticIndex(tree);
            for (int i = 0; i < warmUp + measured; i++) {
                index.add(Wheel.of(name(i), "1.0").payload(kilobytes * 1000, i).build());
            }
            index.write();
            int nginxPort = LocalPorts.free();
            nginx = Nginx.start(work.resolve("nginx"), nginxPort, "access_log off;\nsendfile on;", "root " + tree + ";");
            String nginxBase = "http://127.0.0.1:" + nginxPort;
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            ServerWait.awaitOk(http, nginxBase + "/simple/", nginx, 60);

            int port = LocalPorts.free();
            Path log = work.resolve("pymirror.log");
            server = new ProcessBuilder(Path.of("pymirror").toAbsolutePath().toString(), "serve", "--port",
                    String.valueOf(port), "--data", work.resolve("data").toString(), "--upstream", nginxBase + "/simple/")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            String base = "http://127.0.0.1:" + port;
            ServerWait.awaitOk(http, base + "/health", server, 60);

            Times ignored = new Times();
            for (int i = 0; i < warmUp; i++) {
                project(http, base, name(i), true, ignored);
                project(http, nginxBase, name(i), false, ignored);
            }
            Times direct = new Times();
            Times through = new Times();
            for (int i = warmUp; i < warmUp + measured; i++) {
                if (i % 2 == 0) {
                    project(http, nginxBase, name(i), false, direct);
                    project(http, base, name(i), true, through);
                } else {
                    project(http, base, name(i), true, through);
                    project(http, nginxBase, name(i), false, direct);
                }
            }
            String report = report(measured, warmUp, kilobytes, direct, through);
            System.out.println(report);
            Path results = Path.of("target/bench/cold-cache.md");
            Files.createDirectories(results.getParent());
            Files.writeString(results, report + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } finally {
            if (server != null) {
                server.destroy();
                server.waitFor(30, TimeUnit.SECONDS);
            }
            if (nginx != null) {
                nginx.destroy();
                nginx.waitFor(10, TimeUnit.SECONDS);
            }
            deleteTree(work);
        }
    }

    /** Milliseconds of each page and each file request. */
    record Times(List<Double> pages, List<Double> files, List<Double> both) {
        Times() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }
    }

    static String report(int measured, int warmUp, int kilobytes, Times nginx, Times pymirror) {
        return String.format(Locale.ROOT, """
                Cold cache, warm JVM: %d projects (one %d KB wheel each) after %d met for the warm-up; \
                milliseconds, medians:

                | request | straight from nginx | through pymirror, cache empty | **added by pymirror** |
                |---|---:|---:|---:|
                %s
                %s
                %s
                """, measured, kilobytes, warmUp, row("page", new ServerAddedTime(nginx.pages(), pymirror.pages())),
                row("file", new ServerAddedTime(nginx.files(), pymirror.files())),
                row("page and file", new ServerAddedTime(nginx.both(), pymirror.both())));
    }

    private static String row(String name, ServerAddedTime t) {
        return String.format(Locale.ROOT, "| %s | %.2f ms | %.2f ms | **%+.2f ms** |", name, t.yardstickMedian(),
                t.serverMedian(), t.added());
    }

    private static String name(int i) {
        return "cold-" + i;
    }

    /** The project's page as pip asks for it, then its file; pymirror's page says where the file is. */
    private static void project(HttpClient http, String base, String project, boolean mirror, Times times)
            throws Exception {
        String pageUrl = base + "/simple/" + project + "/";
        long t0 = System.nanoTime();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(pageUrl))
                .header("Accept", PIP_ACCEPT).build(), HttpResponse.BodyHandlers.ofString());
        long t1 = System.nanoTime();
        check(pageUrl, page.statusCode());
        String fileUrl;
        if (mirror) {
            Matcher m = FILE_URL.matcher(page.body());
            if (!m.find()) {
                throw new IllegalStateException(pageUrl + " lists no file: " + page.body());
            }
            fileUrl = URI.create(pageUrl).resolve(m.group(1)).toString();
        } else {
            fileUrl = base + "/files/" + project.replace('-', '_') + "-1.0-py3-none-any.whl";
        }
        long t2 = System.nanoTime();
        HttpResponse<Void> file = http.send(HttpRequest.newBuilder(URI.create(fileUrl)).build(),
                HttpResponse.BodyHandlers.discarding());
        long t3 = System.nanoTime();
        check(fileUrl, file.statusCode());
        times.pages().add((t1 - t0) / 1e6);
        times.files().add((t3 - t2) / 1e6);
        times.both().add((t1 - t0 + t3 - t2) / 1e6);
    }

    private static void check(String url, int status) {
        if (status != 200) {
            throw new IllegalStateException(url + " answered " + status);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
