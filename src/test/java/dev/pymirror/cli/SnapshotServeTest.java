package dev.pymirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.server.PymirrorServer;
import dev.pymirror.server.config.ServerConfig;
import dev.pymirror.testing.KeptFiles;
import dev.pymirror.testing.Pip;
import dev.pymirror.testing.PipInstaller;
import dev.pymirror.testing.TestIndexServer;
import dev.pymirror.testing.ToolRun;
import dev.pymirror.testing.Wheel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot of a mirror, end to end: made by {@code pymirror snapshot create} beside the running
 * server (which serves it without a restart), then installed from by the real pip 23 and pip 26
 * with the upstream stopped and the mirror's cache pruned of the files it holds, then carried by
 * {@code pymirror bundle} into another tree, and deleted (no longer served, at once).
 */
@Tag("slow")
class SnapshotServeTest {

    @TempDir
    Path tmp;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aMirrorsSnapshotOutlivesItsUpstreamAndItsCacheRetention() throws Exception {
        Wheel old = Wheel.of("acme-lib", "1.0").build();
        Wheel newer = Wheel.of("acme-lib", "2.0").build();
        Path data = tmp.resolve("data");
        try (TestIndexServer upstream = TestIndexServer.start().add(old, newer)) {
            Path config = Files.writeString(tmp.resolve("pymirror.toml"), """
                    [index.pypi]
                    upstream = "%s"
                    keep-versions = 1
                    """.formatted(upstream.simpleUrl()));
            ServerConfig serverConfig = ConfigSources.read(config, Map.of()).withDataDir(data).withPort(0);
            try (PymirrorServer server = PymirrorServer.start(serverConfig)) {
                String base = server.baseUrl().toString();
                // The cache holds both releases once a client has read them.
                assertThat(get(base + "pypi/simple/acme-lib/").statusCode()).isEqualTo(200);
                assertThat(get(base + "pypi/files/acme-lib/" + old.filename()).statusCode()).isEqualTo(200);
                assertThat(get(base + "pypi/files/acme-lib/" + newer.filename()).statusCode()).isEqualTo(200);
                KeptFiles.await(data.resolve("pypi/files/acme-lib/" + old.filename()));
                KeptFiles.await(data.resolve("pypi/files/acme-lib/" + newer.filename()));

                CliRun created = snapshot("create", "frozen", "--index", "pypi");
                assertThat(created.exitCode()).as(created.err()).isZero();
                assertThat(created.out()).contains("frozen").contains("mirror index 'pypi'").contains("1 projects, 2 files");

                // The running server serves it at once.
                String snap = base + "+snapshot/frozen/simple/";
                HttpResponse<String> page = get(snap + "acme-lib/");
                assertThat(page.statusCode()).isEqualTo(200);
                assertThat(page.body()).contains(old.filename()).contains(newer.filename()).contains("\"upload-time\"");

                upstream.close();
                // Retention evicts 1.0 from the mirror's cache; the snapshot still holds it.
                CliRun pruned = CliRun.run(CliRun.onData("cache", config, data, "prune", "--index", "pypi"));
                assertThat(pruned.out()).as(pruned.err()).contains("evicted pypi/acme-lib/" + old.filename());
                assertThat(data.resolve("pypi/files/acme-lib/" + old.filename())).doesNotExist();

                ToolRun p23 = new Pip(Files.createDirectories(tmp.resolve("home-23")))
                        .install(snap, tmp.resolve("p23"), "acme-lib==1.0");
                assertThat(p23.ok()).as(p23.toString()).isTrue();
                assertThat(tmp.resolve("p23/acme_lib/__init__.py")).content().contains("1.0");
                PipInstaller pip26 = PipInstaller.newest(tmp);
                ToolRun p26 = pip26.pip(List.of("install", "--no-input", "--retries", "0", "--timeout", "15",
                        "--index-url", snap, "--target", tmp.resolve("p26").toString(), "acme-lib==1.0"),
                        Files.createDirectories(tmp.resolve("home-26")));
                assertThat(p26.ok()).as(p26.toString()).isTrue();
                assertThat(tmp.resolve("p26/acme_lib/__init__.py")).content().contains("1.0");

                // Read-only; an unknown snapshot is a plain 404.
                HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base + "+snapshot/frozen/"))
                        .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(post.statusCode()).isEqualTo(405);
                HttpResponse<String> unknown = get(base + "+snapshot/nope/simple/acme-lib/");
                assertThat(unknown.statusCode()).isEqualTo(404);
                assertThat(unknown.body()).contains("no snapshot 'nope'").doesNotContain(data.toString());

                // The snapshot's tree is a tree like any other: bundled, imported elsewhere, installed from.
                CliRun show = snapshot("show", "frozen");
                assertThat(show.out()).contains("files:      2");
                Path frozenTree = data.resolve(".snapshots/frozen/simple");
                Path keys = tmp.resolve("keys");
                assertThat(CliRun.run("bundle", "keygen", "--out", keys.toString()).exitCode()).isZero();
                Path bundle = tmp.resolve("frozen.bundle");
                CliRun bundled = CliRun.run("bundle", "create", "--from", frozenTree.toString(), "--key",
                        keys.resolve("pymirror-bundle.key").toString(), "--out", bundle.toString());
                assertThat(bundled.exitCode()).as(bundled.err()).isZero();
                Path site = tmp.resolve("site");
                CliRun imported = CliRun.run("bundle", "import", bundle.toString(), "--into", site.toString(), "--trust",
                        keys.resolve("pymirror-bundle.pub").toString());
                assertThat(imported.exitCode()).as(imported.err()).isZero();
                ToolRun fromSite = new Pip(Files.createDirectories(tmp.resolve("home-site")))
                        .install(site.toUri().toString(), tmp.resolve("site-install"), "acme-lib==1.0");
                assertThat(fromSite.ok()).as(fromSite.toString()).isTrue();

                // Deleted: no longer served, at once; a second delete is a clear error.
                assertThat(snapshot("delete", "frozen").exitCode()).isZero();
                assertThat(get(snap + "acme-lib/").statusCode()).isEqualTo(404);
                CliRun again = snapshot("delete", "frozen");
                assertThat(again.exitCode()).isEqualTo(1);
                assertThat(again.err()).contains("there is no snapshot 'frozen'").doesNotContain("\tat ");
            }
        }
    }

    CliRun snapshot(String... args) {
        return CliRun.run(CliRun.onData("snapshot", tmp.resolve("pymirror.toml"), tmp.resolve("data"), args));
    }

    HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/vnd.pypi.simple.v1+json")
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
