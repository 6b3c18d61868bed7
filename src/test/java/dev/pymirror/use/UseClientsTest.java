package dev.pymirror.use;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.cli.Main;
import dev.pymirror.server.PymirrorServer;
import dev.pymirror.server.auth.UserStore;
import dev.pymirror.server.config.GroupConfig;
import dev.pymirror.server.config.HostedConfig;
import dev.pymirror.server.config.IndexConfig;
import dev.pymirror.server.config.MirrorConfig;
import dev.pymirror.server.config.ServerConfig;
import dev.pymirror.testing.TestIndexServer;
import dev.pymirror.testing.ToolRun;
import dev.pymirror.testing.UserClients;
import dev.pymirror.testing.Wheel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * What {@code pymirror use} writes, read by the real clients with HOME at a scratch folder and no
 * setting on their command lines: pip's {@code config list} and an install, pdm's
 * {@code config pypi.url}, poetry's {@code config repositories.pymirror.url}, twine's upload to a hosted index by the repository name alone; then
 * {@code --undo} removes what it made (UseCommandTest checks the restoring of files that were there).
 */
@Tag("slow")
class UseClientsTest {

    @TempDir
    Path tmp;

    @Test
    void pipPdmAndTwineReadWhatUseWroteAndUndoLeavesTheHomeAsItWas() throws Exception {
        Path data = tmp.resolve("data");
        new UserStore(data).add("alice", "alice-password".toCharArray());
        Wheel lib = Wheel.of("acme-lib", "1.1").build();
        Wheel app = Wheel.of("acme-app", "1.0").requires("acme-lib>=1.1").build();
        try (TestIndexServer upstream = TestIndexServer.start().add(lib)) {
            Map<String, IndexConfig> indexes = new LinkedHashMap<>();
            indexes.put("pypi", MirrorConfig.defaults("pypi").withUpstream(URI.create(upstream.simpleUrl()))
                    .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10)));
            indexes.put("internal", HostedConfig.defaults("internal"));
            indexes.put("main", GroupConfig.of("main", List.of("internal", "pypi")));
            try (PymirrorServer server = PymirrorServer.start(new ServerConfig("127.0.0.1", 0, data, false, "main",
                    indexes))) {
                Path home = Files.createDirectories(tmp.resolve("home"));
                UserClients clients = new UserClients(home);
                String root = server.baseUrl().toString();

                // Uploads go to the hosted index by .pypirc's repository.
                use(home, "use", root, "--index", "internal");
                Path dist = Files.createDirectories(tmp.resolve("dist"));
                ToolRun upload = clients.twineUpload("pymirror", "alice", "alice-password",
                        Files.write(dist.resolve(app.filename()), app.bytes()));
                assertThat(upload.ok()).as(upload.toString()).isTrue();
                assertThat(upload.output()).contains(root + "internal/");
                ToolRun pdm = clients.pdm("config", "pypi.url");
                assertThat(pdm.ok()).as(pdm.toString()).isTrue();
                assertThat(pdm.stdout().strip()).isEqualTo(root + "internal/simple/");
                ToolRun poetry = clients.poetry("config", "repositories.pymirror.url");
                assertThat(poetry.ok()).as(poetry.toString()).isTrue();
                assertThat(poetry.stdout().strip()).isEqualTo(root + "internal/");
                use(home, "use", "--undo");

                // Installs go through the default index, the group: the upload and its dependency.
                use(home, "use", root);
                ToolRun config = clients.pip("config", "list");
                assertThat(config.ok()).as(config.toString()).isTrue();
                assertThat(config.stdout()).contains("global.index-url='" + root + "simple/'");
                ToolRun install = clients.pip("install", "--no-input", "--retries", "0", "--target",
                        tmp.resolve("site").toString(), "acme-app");
                assertThat(install.ok()).as(install.toString()).isTrue();
                assertThat(tmp.resolve("site/acme_app/__init__.py")).exists();
                assertThat(tmp.resolve("site/acme_lib/__init__.py")).content().contains("1.1");

                use(home, "use", "--undo");
                // The clients leave their own files in HOME (caches, the runs' output); use's are gone.
                for (String made : List.of(".config", ".local", ".pypirc")) {
                    assertThat(home.resolve(made)).doesNotExist();
                }
            }
        }
    }

    private static void use(Path home, String... args) {
        CommandLine cli = Main.commandLine(Map.of("HOME", home.toString()), args);
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        assertThat(cli.execute(args)).as(out.toString()).isZero();
    }
}
