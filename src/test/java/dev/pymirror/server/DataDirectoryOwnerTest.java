package dev.pymirror.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pymirror.server.config.ConfigException;
import dev.pymirror.server.config.HostedConfig;
import dev.pymirror.server.config.IndexCatalog;
import dev.pymirror.server.config.IndexConfig;
import dev.pymirror.server.config.ServerConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One data directory is one server: a second is refused before it touches anything, the start-up
 * sweep removes only what no writer holds, and a command that would pull files from under a
 * running server is refused.
 */
class DataDirectoryOwnerTest {

    @TempDir
    Path data;

    ServerConfig config() {
        Map<String, IndexConfig> indexes = Map.of("internal", HostedConfig.defaults("internal"));
        return new ServerConfig("127.0.0.1", 0, data, false, "internal", indexes);
    }

    @Test
    void aSecondServerOnTheSameDataDirectoryIsRefusedAndTheFirstGoesOn() throws Exception {
        try (PymirrorServer first = PymirrorServer.start(config())) {
            Path part = Files.createDirectories(data.resolve(".incoming")).resolve("upload-in-progress");
            Files.writeString(part, "half an upload");
            assertThatThrownBy(() -> PymirrorServer.start(config()))
                    .isInstanceOf(StartupException.class)
                    .hasMessageContaining("the data directory " + data.toAbsolutePath() + " is in use by another server"
                            + " (pymirror serve, pid " + ProcessHandle.current().pid())
                    .hasMessageContaining("one data directory serves one server");
            assertThat(part).exists();
            try (HttpClient http = HttpClient.newHttpClient()) {
                assertThat(http.send(HttpRequest.newBuilder(first.baseUrl()).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            }
        }
        // Stopped, it lets the next one in.
        PymirrorServer.start(config()).close();
    }

    @Test
    void theStartUpSweepRemovesOnlyStagedFilesNoWriterHolds() throws Exception {
        Path dir = Files.createDirectories(data.resolve("internal/files/acme"));
        Path live = Files.writeString(dir.resolve(".~staged-live"), "being written by a pymirror command");
        Path dead = Files.writeString(dir.resolve(".~staged-dead"), "left by a killed process");
        // Another process writing, as a command staging a file does: it holds its staged file's lock.
        Process writer = new ProcessBuilder("/usr/bin/python3", "-c", """
                import fcntl, os, sys
                fd = os.open(sys.argv[1], os.O_RDWR)
                fcntl.lockf(fd, fcntl.LOCK_EX)
                print("held", flush=True)
                sys.stdin.read()
                """, live.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("held");
            PymirrorServer.start(config()).close();
            assertThat(live).exists();
            assertThat(dead).doesNotExist();
        } finally {
            writer.getOutputStream().close();
            writer.waitFor();
        }
        PymirrorServer.start(config()).close();
        assertThat(live).doesNotExist(); // its writer is gone
    }

    @Test
    void purgingAnIndexIsRefusedWhileAServerRuns() throws Exception {
        IndexCatalog catalog = new IndexCatalog(config());
        catalog.create(HostedConfig.defaults("extra"));
        Path kept = Files.writeString(Files.createDirectories(data.resolve("extra/files/acme")).resolve("a.whl"), "x");
        try (PymirrorServer server = PymirrorServer.start(config())) {
            assertThatThrownBy(() -> catalog.delete("extra", true))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("a server is running on " + data + " (pymirror serve, pid ")
                    .hasMessageContaining("stop it first, or delete the index without --purge");
            assertThat(kept).exists();
        }
        catalog.delete("extra", true);
        assertThat(data.resolve("extra")).doesNotExist();
    }
}
