package dev.pymirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.server.PymirrorServer;
import dev.pymirror.server.config.ConfigFile;
import dev.pymirror.server.config.HostedConfig;
import dev.pymirror.server.hosted.HostedIndex;
import dev.pymirror.server.index.Upload;
import dev.pymirror.testing.Wheel;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCommandTest {

    @TempDir
    Path dir;

    Path config;
    Path data;
    final Wheel one = Wheel.of("acme", "1.0").build();
    final Wheel onePy2 = Wheel.of("acme", "1.0").tag("py2-none-any").build();
    final Wheel two = Wheel.of("acme", "2.0").build();

    @BeforeEach
    void indexWithFiles() throws Exception {
        data = dir.resolve("data");
        config = Files.writeString(dir.resolve("pymirror.toml"), """
                default-index = "internal"
                [index.pypi]
                upstream = "http://127.0.0.1:9/simple/"
                [index.internal]
                kind = "hosted"
                """);
        HostedIndex hosted = new HostedIndex(HostedConfig.defaults("internal"), data.resolve("internal"), Clock.systemUTC());
        for (Wheel w : List.of(one, onePy2, two)) {
            String version = w.filename().split("-")[1];
            hosted.upload(new Upload(w.filename(), Map.of(":action", List.of("file_upload"), "name", List.of("acme"),
                    "version", List.of(version)), "alice"), new ByteArrayInputStream(w.bytes()));
        }
    }

    CliRun file(String... args) {
        return CliRun.run(CliRun.onData("file", config, data, args));
    }

    @Test
    void yankUnyankAndDeleteShowOnARunningServerAtOnce() throws Exception {
        try (PymirrorServer server = PymirrorServer.start(ConfigFile.read(config).withDataDir(data).withPort(0))) {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest page = HttpRequest.newBuilder(server.baseUrl().resolve("internal/simple/acme/"))
                    .header("Accept", "application/vnd.pypi.simple.v1+json").build();
            assertThat(http.send(page, HttpResponse.BodyHandlers.ofString()).body()).doesNotContain("\"yanked\":\"");

            CliRun yank = file("yank", "internal", "acme==1.0", "--reason", "broken");
            assertThat(yank.exitCode()).as(yank.err()).isZero();
            assertThat(yank.out()).isEqualTo("yanked " + one.filename() + "\nyanked " + onePy2.filename() + "\n");
            String yanked = http.send(page, HttpResponse.BodyHandlers.ofString()).body();
            assertThat(yanked.split("\"yanked\":\"broken\"", -1)).hasSize(3);

            assertThat(file("unyank", "internal", onePy2.filename()).out()).isEqualTo("unyanked " + onePy2.filename() + "\n");
            assertThat(file("list", "internal").out()).contains(one.filename() + "  " + one.bytes().length + " bytes  sha256="
                    + one.sha256() + "  by alice at ").contains("YANKED: broken")
                    .containsOnlyOnce("YANKED");

            assertThat(file("delete", "internal", two.filename()).out()).isEqualTo("deleted " + two.filename() + "\n");
            assertThat(http.send(page, HttpResponse.BodyHandlers.ofString()).body()).doesNotContain(two.filename());
            assertThat(file("list", "internal", "acme").out().lines()).hasSize(2);
        }
    }

    @Test
    void mistakesAreUsageErrorsOrFailuresThatSayWhat() {
        CliRun unknown = file("list", "nowhere");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("there is no index 'nowhere'; indexes: pypi, internal (configuration: "
                + config + "; data directory: " + data + ")");
        // Without --config: what was read (by default nothing, so the defaults) is named all the same.
        CliRun noConfig = CliRun.run("file", "list", "internal", "--data", data.toString());
        assertThat(noConfig.exitCode()).isEqualTo(2);
        Path usual = ConfigSources.configFile(null, System.getenv());
        assertThat(noConfig.err()).contains("there is no index 'internal'; indexes: pypi (configuration: "
                + (usual == null ? "no configuration file: defaults" : usual) + "; data directory: " + data + ")");
        CliRun mirror = file("yank", "pypi", one.filename());
        assertThat(mirror.exitCode()).isEqualTo(2);
        assertThat(mirror.err()).contains("index 'pypi' is a mirror index; only hosted indexes have files to change");
        CliRun garbage = file("yank", "internal", "not-a-file");
        assertThat(garbage.exitCode()).isEqualTo(2);
        assertThat(garbage.err()).contains("'not-a-file' is neither a distribution file name nor PROJECT==VERSION");
        assertThat(file("yank", "internal", "acme==not.a.version!").exitCode()).isEqualTo(2);
        CliRun missing = file("delete", "internal", "acme-9.0.tar.gz");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("index 'internal' has no file 'acme-9.0.tar.gz'");
        assertThat(file("unyank", "internal", "acme==3.0").err()).contains("has no file of acme 3.0");
        assertThat(CliRun.run("file").exitCode()).isEqualTo(2);
    }
}
