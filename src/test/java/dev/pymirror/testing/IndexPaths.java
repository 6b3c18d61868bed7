package dev.pymirror.testing;

import dev.pymirror.server.PymirrorServer;
import dev.pymirror.server.auth.UserStore;
import dev.pymirror.server.config.GroupConfig;
import dev.pymirror.server.config.HostedConfig;
import dev.pymirror.server.config.IndexConfig;
import dev.pymirror.server.config.MirrorConfig;
import dev.pymirror.server.config.ServerConfig;
import dev.pymirror.server.config.StaticConfig;
import dev.pymirror.sync.MirrorSync;
import dev.pymirror.sync.SyncListener;
import dev.pymirror.sync.SyncRequest;
import dev.pymirror.sync.download.RetryPolicy;
import dev.pymirror.sync.resolve.InstallTarget;
import dev.pymirror.sync.resolve.SdistPolicy;
import dev.pymirror.testing.IndexPath.Encoding;
import dev.pymirror.testing.IndexPath.Kind;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Every path of the client matrix, started once for a test class and shared by all its cells:
 * a test upstream on 127.0.0.1 with {@link ClientProjects#ALL}; one {@code pymirror serve} (in
 * this JVM) with a mirror of it ({@code pypi}), a hosted index filled by twine ({@code hosted}), a
 * group of a hosted index holding some projects before the mirror ({@code main} = {@code private},
 * {@code pypi}), the synced tree as a static index ({@code tree}) and an empty hosted index for
 * upload clients ({@code uploads}); the tree {@code pymirror sync} made of the upstream; and one
 * nginx that serves that tree as docs/static-tree.md says ({@code /simple/}: JSON to clients that
 * ask for it), as a plain web server ({@code /plain/}: HTML only), and that passes requests on to
 * {@code serve} asking for HTML whatever the client asked ({@code /html/}), so that every path of
 * {@code serve} is also read as HTML by clients that would negotiate JSON.
 *
 * <pre>{@code
 * try (IndexPaths paths = IndexPaths.start(dir)) {
 *     for (IndexPath path : paths.all()) { ... installer.install(path, ClientProjects.REQUIREMENTS, work) ... }
 * }
 * }</pre>
 */
public final class IndexPaths implements AutoCloseable {

    /** The one target the tree is synced for: Debian 12's Python on x86_64 Linux. */
    public static final InstallTarget TARGET = InstallTarget.of("3.11", "manylinux_2_28_x86_64", "cp", List.of());
    /** The user that may upload to the hosted indexes. */
    public static final String USER = "alice";
    public static final String PASSWORD = "alice-password";
    /** The projects the group's hosted member holds; the group takes the others from its mirror. */
    public static final List<Wheel> PRIVATE = List.of(ClientProjects.FLASK_LIKE, ClientProjects.MARKUP_SAFE);


    private final Path dir;
    private final List<AutoCloseable> closing = new ArrayList<>();
    private TestIndexServer upstream;
    private PymirrorServer server;
    private Path tree;
    private Path nginxLog;
    private String nginxUrl;

    private IndexPaths(Path dir) {
        this.dir = dir;
    }

    /** Starts every path under {@code dir}; fails if any cannot be made. */
    public static IndexPaths start(Path dir) throws Exception {
        IndexPaths paths = new IndexPaths(dir);
        try {
            paths.startAll();
        } catch (Exception | Error e) {
            paths.close();
            throw e;
        }
        return paths;
    }

    private void startAll() throws Exception {
        upstream = TestIndexServer.start();
        closing.add(upstream);
        upstream.add(ClientProjects.ALL.toArray(Wheel[]::new));

        tree = dir.resolve("tree");
        new MirrorSync().sync(new SyncRequest(List.of(), List.of(), ClientProjects.REQUIREMENTS, List.of(TARGET),
                URI.create(upstream.simpleUrl()), null, tree, SdistPolicy.NONE, false, 4, false,
                new RetryPolicy(2, Duration.ofMillis(50), Duration.ofMillis(100)), Duration.ofSeconds(20)),
                SyncListener.NONE);

        Path data = dir.resolve("data");
        new UserStore(data).add(USER, PASSWORD.toCharArray());
        Map<String, IndexConfig> indexes = new LinkedHashMap<>();
        indexes.put("pypi", MirrorConfig.defaults("pypi").withUpstream(URI.create(upstream.simpleUrl()))
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(20)));
        indexes.put("hosted", HostedConfig.defaults("hosted"));
        indexes.put("private", HostedConfig.defaults("private"));
        indexes.put("uploads", HostedConfig.defaults("uploads"));
        indexes.put("main", GroupConfig.of("main", List.of("private", "pypi")));
        indexes.put("tree", StaticConfig.of("tree", tree));
        server = PymirrorServer.start(new ServerConfig("127.0.0.1", 0, data, false, "pypi", indexes));
        closing.add(server);

        Path dist = Files.createDirectories(dir.resolve("dist"));
        Twine twine = new Twine(Files.createDirectories(dir.resolve("twine-home")));
        upload(twine, "hosted", dist, ClientProjects.ALL);
        upload(twine, "private", dist, PRIVATE);

        startNginx();
    }

    private void upload(Twine twine, String index, Path dist, List<Wheel> wheels) throws Exception {
        List<Path> files = new ArrayList<>();
        for (Wheel w : wheels) {
            files.add(Files.write(dist.resolve(w.filename()), w.bytes()));
        }
        ToolRun up = twine.upload(uploadUrl(index), USER, PASSWORD, files.toArray(Path[]::new));
        if (!up.ok()) {
            throw new IllegalStateException("twine could not fill index '" + index + "': " + up);
        }
    }

    /** Every path, each encoding it offers. */
    public List<IndexPath> all() {
        String serve = server.baseUrl().toString();
        List<IndexPath> all = new ArrayList<>();
        for (var entry : Map.of(Kind.MIRROR, "pypi", Kind.HOSTED, "hosted", Kind.GROUP, "main", Kind.STATIC, "tree")
                .entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
            all.add(new IndexPath(entry.getKey(), Encoding.NEGOTIATED, serve + entry.getValue() + "/simple/"));
            all.add(new IndexPath(entry.getKey(), Encoding.HTML, htmlSimpleUrl(entry.getValue())));
        }
        all.add(new IndexPath(Kind.TREE_FILE, Encoding.HTML, tree.toUri().toString()));
        all.add(new IndexPath(Kind.TREE_NGINX, Encoding.NEGOTIATED, nginxUrl + "simple/"));
        all.add(new IndexPath(Kind.TREE_NGINX, Encoding.HTML, nginxUrl + "plain/"));
        return all;
    }

    /** The path of this kind and encoding. */
    public IndexPath get(Kind kind, Encoding encoding) {
        return all().stream().filter(p -> p.kind() == kind && p.encoding() == encoding).findFirst().orElseThrow();
    }

    /** The URL an upload client is given for a hosted index ({@code hosted}, {@code private}, {@code uploads}). */
    public String uploadUrl(String index) {
        return server.baseUrl() + index + "/";
    }

    /** The same index's pages, for installing what was uploaded. */
    public String simpleUrl(String index) {
        return server.baseUrl() + index + "/simple/";
    }

    /** The same index's pages as HTML whatever the client asks, through nginx. */
    public String htmlSimpleUrl(String index) {
        return nginxUrl + "html/" + index + "/simple/";
    }

    /** The tree {@code pymirror sync} wrote (what {@code inject} mounts at /tmp/pypi). */
    public Path tree() {
        return tree;
    }

    public TestIndexServer upstream() {
        return upstream;
    }

    /**
     * nginx's access log so far, one line per request: {@code URI STATUS CONTENT-TYPE}, which says
     * the encoding of each page it gave (for the tree) or passed on (from {@code serve}).
     */
    public List<String> nginxLog() throws IOException {
        return Files.readAllLines(nginxLog, StandardCharsets.UTF_8);
    }

    /** Whether nginx serves this path (the tree) or stands in front of it (serve, asked for HTML). */
    public boolean throughNginx(IndexPath path) {
        return path.indexUrl().startsWith(nginxUrl);
    }

    /**
     * nginx's log lines for the pages of one project on a path that goes {@link #throughNginx
     * through nginx}: {@code URI STATUS CONTENT-TYPE}.
     */
    public List<String> nginxLog(IndexPath path, String normalizedProject) throws IOException {
        if (!throughNginx(path)) {
            throw new IllegalArgumentException(path + " does not go through nginx");
        }
        String page = path.indexUrl().substring(nginxUrl.length() - 1) + normalizedProject + "/ ";
        return nginxLog().stream().filter(line -> line.startsWith(page)).toList();
    }

    private void startNginx() throws Exception {
        int port = LocalPorts.free();
        Path prefix = dir.resolve("nginx");
        nginxLog = prefix.resolve("access.log");
        String serve = server.baseUrl().toString();
        Process nginx = Nginx.start(prefix, port, """
                log_format pages '$request_uri $status $sent_http_content_type';
                access_log %1$s pages;
                """.formatted(nginxLog), """
                types {
                    text/html                               html;
                    application/vnd.pypi.simple.v1+json     json;
                }
                default_type application/octet-stream;

                # docs/static-tree.md's configuration
                location /simple/ {
                    alias %1$s/;
                    index $pypi_page;
                    add_header Vary Accept;
                    add_header Cache-Control $pypi_cache;
                }

                # any plain web server: index.html only
                location /plain/ {
                    alias %1$s/;
                    index index.html;
                }

                # serve, asked for HTML whatever the client asked
                location /html/ {
                    proxy_pass %2$s;
                    proxy_set_header Accept "text/html";
                }

                location ~ /\\.pymirror/ {
                    deny all;
                }
                """.formatted(tree, serve));
        closing.add(() -> {
            nginx.destroy();
            nginx.waitFor(10, TimeUnit.SECONDS);
        });
        nginxUrl = "http://127.0.0.1:" + port + "/";
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; ; i++) {
            try {
                http.send(HttpRequest.newBuilder(URI.create(nginxUrl + "plain/")).build(),
                        HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException e) {
                if (i == 100 || !nginx.isAlive()) {
                    throw new IllegalStateException("nginx did not start: "
                            + Files.readString(prefix.resolve("stdout.log")), e);
                }
                Thread.sleep(100);
            }
        }
    }

    @Override
    public void close() throws Exception {
        Exception first = null;
        for (AutoCloseable c : closing.reversed()) {
            try {
                c.close();
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        closing.clear();
        if (first != null) {
            throw first;
        }
    }
}
