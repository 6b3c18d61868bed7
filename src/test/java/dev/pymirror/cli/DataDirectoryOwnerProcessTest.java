package dev.pymirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.server.PymirrorServer;
import dev.pymirror.server.config.HostedConfig;
import dev.pymirror.server.config.IndexCatalog;
import dev.pymirror.server.config.IndexConfig;
import dev.pymirror.server.config.ServerConfig;
import dev.pymirror.testing.PymirrorProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One data directory is one server, across processes: a second {@code pymirror serve} is refused
 * naming the first, before it sweeps anything, and {@code index delete --purge} waits for no server.
 */
@Tag("slow")
class DataDirectoryOwnerProcessTest {

    @TempDir
    Path tmp;

    @Test
    void aSecondServerProcessIsRefusedAndLeavesTheFirstOnesFilesAlone() throws Exception {
        Path data = tmp.resolve("data");
        Map<String, IndexConfig> indexes = Map.of("internal", HostedConfig.defaults("internal"));
        ServerConfig config = new ServerConfig("127.0.0.1", 0, data, false, "internal", indexes);
        new IndexCatalog(config).create(HostedConfig.defaults("extra"));
        Map<String, String> environment = Map.of("PATH", System.getenv("PATH"), "HOME", tmp.toString());
        try (PymirrorServer first = PymirrorServer.start(config)) {
            // What the first one is in the middle of: an upload arriving, a download being staged.
            Path part = Files.writeString(Files.createDirectories(data.resolve(".incoming")).resolve("part"), "half");
            Path extra = Files.writeString(Files.createDirectories(data.resolve("extra/files/acme")).resolve("a.whl"), "x");

            PymirrorProcess.Result second = PymirrorProcess.run(tmp.resolve("second"), environment, 2,
                    "serve", "--port", "0", "--data", data.toString());
            assertThat(second.exitCode()).as(second.toString()).isNotZero();
            assertThat(second.stderr()).contains("is in use by another server (pymirror serve, pid "
                    + ProcessHandle.current().pid()).doesNotContain("Exception");
            assertThat(part).exists();

            PymirrorProcess.Result purge = PymirrorProcess.run(tmp.resolve("purge"), environment, 2,
                    "index", "delete", "extra", "--purge", "--data", data.toString());
            assertThat(purge.exitCode()).as(purge.toString()).isEqualTo(1);
            assertThat(purge.stderr()).contains("a server is running on " + data + " (pymirror serve, pid "
                    + ProcessHandle.current().pid());
            assertThat(extra).exists();
        }
        PymirrorProcess.Result purge = PymirrorProcess.run(tmp.resolve("purge2"), environment, 2,
                "index", "delete", "extra", "--purge", "--data", data.toString());
        assertThat(purge.exitCode()).as(purge.toString()).isZero();
        assertThat(data.resolve("extra")).doesNotExist();
    }
}
