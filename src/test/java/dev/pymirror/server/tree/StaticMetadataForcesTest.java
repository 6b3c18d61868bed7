package dev.pymirror.server.tree;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.testing.TracedServer;
import dev.pymirror.testing.Wheel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a static index forces to disk when it reads a wheel's metadata out of the wheel, counted by
 * strace on the real server: the cached metadata's bytes (served unchecked, so never short under
 * its name), not its directory entry (a crash loses a copy read out of the wheel again).
 */
@Tag("slow")
class StaticMetadataForcesTest {

    @TempDir
    Path tmp;

    @Test
    void metadataReadOutOfAWheelForcesItsBytesOnly() throws Exception {
        Wheel wheel = Wheel.of("acme", "1.0").requires("idna>=2").build();
        Path tree = Files.createDirectories(tmp.resolve("tree/acme"));
        Files.write(tree.resolve(wheel.filename()), wheel.bytes());
        Path config = Files.writeString(tmp.resolve("pymirror.toml"), """
                data = "%s"
                [index.tree]
                kind = "static"
                path = "%s"
                """.formatted(tmp.resolve("data"), tmp.resolve("tree")));
        try (TracedServer server = TracedServer.start(tmp, "--config", config.toString())) {
            long before = server.forces();
            HttpClient http = HttpClient.newHttpClient();
            URI pageUrl = URI.create(server.url() + "tree/simple/acme/");
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(pageUrl)
                    .header("Accept", "application/vnd.pypi.simple.v1+json").build(), HttpResponse.BodyHandlers.ofString());
            Matcher url = Pattern.compile("\"url\":\\s*\"([^\"]+)\"").matcher(page.body());
            assertThat(url.find()).as(page.body()).isTrue();
            HttpResponse<String> metadata = http.send(HttpRequest.newBuilder(pageUrl.resolve(url.group(1) + ".metadata"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metadata.statusCode()).as(metadata.body()).isEqualTo(200);
            assertThat(metadata.body()).contains("Requires-Dist: idna>=2");
            assertThat(server.forces() - before).as(server.traceText()).isEqualTo(1);
        }
    }
}
