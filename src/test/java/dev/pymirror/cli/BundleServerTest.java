package dev.pymirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pymirror.server.PymirrorServer;
import dev.pymirror.server.auth.UserStore;
import dev.pymirror.testing.Installation;
import dev.pymirror.testing.KeptFiles;
import dev.pymirror.testing.Pip;
import dev.pymirror.testing.PipInstaller;
import dev.pymirror.testing.TestIndexServer;
import dev.pymirror.testing.ToolRun;
import dev.pymirror.testing.Twine;
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
 * Indexes carried between two servers by bundle: server A mirrors a test index on 127.0.0.1 and
 * hosts twine uploads; {@code bundle create --index} bundles what each serves (and, with
 * {@code --since}, what is new); server B, with no upstream, running all along, gets them by
 * {@code bundle import --into-index} (as uploads, with their upload times and yanks) and
 * {@code --into-snapshot}, and the real pip 23 and pip 26 install from both. A flipped byte, another
 * key and a conflicting file are refused, naming the file, with B's listing unchanged.
 */
@Tag("slow")
class BundleServerTest {

    static final String PASSWORD = "alice-password";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void indexesBundledOnOneServerAreServedByAnotherWithoutNetwork() throws Exception {
        Wheel lib = Wheel.of("acme-lib", "1.0").build();
        Wheel app = Wheel.of("acme-app", "1.0").build();
        Wheel tool = Wheel.of("acme-tool", "1.0").build();
        Wheel app2 = Wheel.of("acme-app", "2.0").build();
        Path dist = Files.createDirectories(tmp.resolve("dist"));
        Twine twine = new Twine(Files.createDirectories(tmp.resolve("twine-home")));
        Path keys = tmp.resolve("keys");
        CliRun.run("bundle", "keygen", "--out", keys.toString());
        String key = keys.resolve("pymirror-bundle.key").toString();
        String trust = keys.resolve("pymirror-bundle.pub").toString();
        Path mirrorBundle = tmp.resolve("transfer/pypi.bundle");
        Path hostedBundle = tmp.resolve("transfer/local.bundle");
        Path hostedDelta = tmp.resolve("transfer/local-delta.bundle");
        Files.createDirectories(mirrorBundle.getParent());
        Path configA = tmp.resolve("a.toml");
        Path dataA = tmp.resolve("a-data");
        String appUploaded;
        try (TestIndexServer upstream = TestIndexServer.start().add(lib)) {
            Files.writeString(configA, """
                    [index.pypi]
                    upstream = "%s"

                    [index.local]
                    kind = "hosted"
                    """.formatted(upstream.simpleUrl()));
            new UserStore(dataA).add("alice", PASSWORD.toCharArray());
            try (PymirrorServer a = PymirrorServer.start(ConfigSources.read(configA, Map.of()).withDataDir(dataA)
                    .withPort(0))) {
                String base = a.baseUrl().toString();
                // The mirror caches what a client read through it.
                assertThat(get(base + "pypi/simple/acme-lib/").statusCode()).isEqualTo(200);
                assertThat(get(base + "pypi/files/acme-lib/" + lib.filename()).statusCode()).isEqualTo(200);
                KeptFiles.await(dataA.resolve("pypi/files/acme-lib/" + lib.filename()));
                ToolRun up = twine.upload(base + "local/", "alice", PASSWORD, write(dist, app), write(dist, tool));
                assertThat(up.ok()).as(up.toString()).isTrue();
                ok(CliRun.onData("file", configA, dataA, "yank", "local", app.filename(), "--reason", "broken"));
                appUploaded = file(get(base + "local/simple/acme-app/"), app.filename()).path("upload-time").asText();
                assertThat(appUploaded).isNotEmpty();

                CliRun mirrored = ok(CliRun.onData("bundle", configA, dataA, "create", "--index", "pypi", "--key", key,
                        "--out", mirrorBundle.toString()));
                assertThat(mirrored.out()).contains("of index 'pypi'");
                ok(CliRun.onData("bundle", configA, dataA, "create", "--index", "local", "--key", key, "--out",
                        hostedBundle.toString()));
                ToolRun up2 = twine.upload(base + "local/", "alice", PASSWORD, write(dist, app2));
                assertThat(up2.ok()).as(up2.toString()).isTrue();
                CliRun delta = ok(CliRun.onData("bundle", configA, dataA, "create", "--index", "local", "--key", key,
                        "--out", hostedDelta.toString(), "--since", hostedBundle.toString()));
                assertThat(delta.out()).contains("over base");
            }
        }
        // Only what the index served went in: no staging left in A's data directory.
        try (var left = Files.list(dataA.resolve(".snapshots"))) {
            assertThat(left.map(p -> p.getFileName().toString()).filter(n -> !n.equals(".lock"))).isEmpty();
        }
        // The delta carries app 2.0 (and its pages), not what the base has.
        assertThat(BundleAirGapTest.indexOf(Files.readAllBytes(hostedDelta), app2.bytes())).isPositive();
        assertThat(indexOf(Files.readAllBytes(hostedDelta), app.bytes())).isNegative();

        // Site B: no upstream at all, two hosted indexes; running while the bundles arrive.
        Path configB = Files.writeString(tmp.resolve("b.toml"), """
                [index.local]
                kind = "hosted"

                [index.other]
                kind = "hosted"
                """);
        Path dataB = tmp.resolve("b-data");
        new UserStore(dataB).add("alice", PASSWORD.toCharArray());
        try (PymirrorServer b = PymirrorServer.start(ConfigSources.read(configB, Map.of()).withDataDir(dataB)
                .withPort(0))) {
            String base = b.baseUrl().toString();
            // 'other' already holds acme-app 1.0 with other bytes.
            Wheel rival = Wheel.of("acme-app", "1.0").payload(2_000, 7).build();
            assertThat(rival.sha256()).isNotEqualTo(app.sha256());
            ToolRun upRival = twine.upload(base + "other/", "alice", PASSWORD, write(Files.createDirectories(
                    tmp.resolve("rival")), rival));
            assertThat(upRival.ok()).as(upRival.toString()).isTrue();
            String otherBefore = listing(configB, dataB, "other");

            CliRun imported = ok(CliRun.onData("bundle", configB, dataB, "import", hostedBundle.toString(),
                    "--into-index", "local", "--trust", trust));
            assertThat(imported.out()).contains("into index 'local': 2 added, 0 already there");
            JsonNode carried = file(get(base + "local/simple/acme-app/"), app.filename());
            assertThat(carried.path("upload-time").asText()).isEqualTo(appUploaded);
            assertThat(carried.path("yanked").asText()).isEqualTo("broken");
            assertThat(carried.path("hashes").path("sha256").asText()).isEqualTo(app.sha256());
            assertThat(get(base + "local/simple/acme-tool/").statusCode()).isEqualTo(200);

            CliRun again = ok(CliRun.onData("bundle", configB, dataB, "import", hostedDelta.toString(),
                    "--into-index", "local", "--trust", trust));
            assertThat(again.out()).contains("1 added, 2 already there");
            assertThat(pip23(base + "local/simple/", "acme-app")).containsEntry("acme-app", "2.0");
            assertThat(pip26(base + "local/simple/", "acme-app==1.0")).containsEntry("acme-app", "1.0");

            CliRun frozen = ok(CliRun.onData("bundle", configB, dataB, "import", mirrorBundle.toString(),
                    "--into-snapshot", "pypi-frozen", "--trust", trust));
            assertThat(frozen.out()).contains("as snapshot 'pypi-frozen': 1 projects, 1 files")
                    .contains("served at /+snapshot/pypi-frozen/simple/");
            String snapshot = base + "+snapshot/pypi-frozen/simple/";
            assertThat(pip23(snapshot, "acme-lib")).containsEntry("acme-lib", "1.0");
            assertThat(pip26(snapshot, "acme-lib")).containsEntry("acme-lib", "1.0");
            ok(CliRun.onData("bundle", configB, dataB, "import", hostedBundle.toString(), "--into-snapshot",
                    "local-frozen", "--trust", trust));
            assertThat(pip23(base + "+snapshot/local-frozen/simple/", "acme-tool")).containsEntry("acme-tool", "1.0");
            String snapshotsBefore = ok(CliRun.onData("snapshot", configB, dataB, "list")).out();

            // A conflicting file: refused before anything is stored, naming the file; 'other' unchanged
            // (acme-tool, which alone could have gone in, did not).
            CliRun conflict = CliRun.run(CliRun.onData("bundle", configB, dataB, "import", hostedBundle.toString(),
                    "--into-index", "other", "--trust", trust));
            assertThat(conflict.exitCode()).isEqualTo(1);
            assertThat(conflict.err()).startsWith("pymirror bundle import: '" + app.filename()
                    + "' already exists in index 'other' with other bytes").contains("nothing was imported")
                    .doesNotContain("\tat ");
            assertThat(listing(configB, dataB, "other")).isEqualTo(otherBefore);
            assertThat(get(base + "other/simple/acme-tool/").statusCode()).isEqualTo(404);

            // A flipped byte in acme-tool's wheel: refused naming it, into an index or a snapshot alike.
            // ('local' last imported the delta: this bundle is read anew, every byte.)
            byte[] bytes = Files.readAllBytes(hostedBundle);
            bytes[BundleAirGapTest.indexOf(bytes, tool.bytes()) + tool.bytes().length / 2] ^= 0x01;
            Path damaged = Files.write(tmp.resolve("transfer/damaged.bundle"), bytes);
            String localBefore = listing(configB, dataB, "local");
            String fresh = "fresh";
            for (String[] target : List.of(new String[] {"--into-index", "local"},
                    new String[] {"--into-snapshot", fresh})) {
                CliRun refused = CliRun.run(CliRun.onData("bundle", configB, dataB, "import", damaged.toString(),
                        target[0], target[1], "--trust", trust));
                assertThat(refused.exitCode()).as(refused.out()).isEqualTo(1);
                assertThat(refused.err()).startsWith("pymirror bundle import: " + damaged + ": acme-tool/"
                        + tool.filename() + " (object ").contains("does not match its SHA-256");
            }
            assertThat(listing(configB, dataB, "local")).isEqualTo(localBefore);
            assertThat(ok(CliRun.onData("snapshot", configB, dataB, "list")).out()).isEqualTo(snapshotsBefore);
            assertThat(get(base + "+snapshot/" + fresh + "/simple/").statusCode()).isEqualTo(404);

            // Signed by a key B does not trust: refused naming the key; nothing changed.
            ok("bundle", "keygen", "--out", tmp.resolve("other-keys").toString());
            String otherKey = tmp.resolve("other-keys/pymirror-bundle.pub").toString();
            for (String[] target : List.of(new String[] {"--into-index", "other"},
                    new String[] {"--into-snapshot", fresh})) {
                CliRun wrongKey = CliRun.run(CliRun.onData("bundle", configB, dataB, "import", hostedBundle.toString(),
                        target[0], target[1], "--trust", otherKey));
                assertThat(wrongKey.exitCode()).isEqualTo(1);
                assertThat(wrongKey.err()).startsWith("pymirror bundle import: " + hostedBundle + " is signed by key ")
                        .contains("which is not trusted");
            }
            assertThat(listing(configB, dataB, "other")).isEqualTo(otherBefore);
            assertThat(listing(configB, dataB, "local")).isEqualTo(localBefore);
            assertThat(ok(CliRun.onData("snapshot", configB, dataB, "list")).out()).isEqualTo(snapshotsBefore);
        }
    }

    static CliRun ok(String... args) {
        CliRun run = CliRun.run(args);
        assertThat(run.exitCode()).as(String.join(" ", args) + "\n" + run.err() + run.out()).isZero();
        return run;
    }

    static String listing(Path config, Path data, String index) {
        return ok(CliRun.onData("file", config, data, "list", index)).out();
    }

    static Path write(Path dir, Wheel wheel) throws Exception {
        return Files.write(dir.resolve(wheel.filename()), wheel.bytes());
    }

    Map<String, String> pip23(String indexUrl, String requirement) throws Exception {
        Path target = Files.createTempDirectory(tmp, "pip23-site");
        ToolRun run = new Pip(Files.createTempDirectory(tmp, "pip23-home")).install(indexUrl, target, requirement);
        assertThat(run.ok()).as(run.toString()).isTrue();
        return Installation.distributionsIn(target);
    }

    Map<String, String> pip26(String indexUrl, String requirement) throws Exception {
        Path target = Files.createTempDirectory(tmp, "pip26-site");
        ToolRun run = PipInstaller.newest(tmp).pip(List.of("install", "--no-input", "--retries", "0", "--timeout", "15",
                "--index-url", indexUrl, "--target", target.toString(), requirement),
                Files.createTempDirectory(tmp, "pip26-home"));
        assertThat(run.ok()).as(run.toString()).isTrue();
        return Installation.distributionsIn(target);
    }

    HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/vnd.pypi.simple.v1+json")
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The file of that name on a JSON project page. */
    static JsonNode file(HttpResponse<String> page, String filename) throws Exception {
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        for (JsonNode f : JSON.readTree(page.body()).path("files")) {
            if (f.path("filename").asText().equals(filename)) {
                return f;
            }
        }
        throw new AssertionError(filename + " is not on the page: " + page.body());
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
