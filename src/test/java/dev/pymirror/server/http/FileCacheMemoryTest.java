package dev.pymirror.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.testing.PymirrorProcess;
import dev.pymirror.testing.Wheel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server within a small direct-memory limit, as the launchers start it: more small files than
 * the limit holds are each served whole, twice (the second time from memory where the cache kept
 * them). Jetty's file cache alone could grow to 256 MB per root; past the JVM's limit it failed to
 * read a file into memory, and the file was answered as missing.
 */
@Tag("slow")
class FileCacheMemoryTest {

    private static final Pattern SERVING = Pattern.compile("pymirror serving (http://\\S+/)simple/");
    private static final int FILES = 100;
    private static final int PAYLOAD = 200 * 1024;

    @TempDir
    Path tmp;

    @Test
    void filesBeyondTheDirectMemoryLimitAreAllServed() throws Exception {
        // A static tree as pymirror reads one: <project>/index.html and the files beside it.
        Path tree = tmp.resolve("tree");
        List<Wheel> wheels = new ArrayList<>();
        for (int i = 0; i < FILES; i++) {
            Wheel w = Wheel.of("many-" + i, "1.0").payload(PAYLOAD, i).build();
            wheels.add(w);
            Path project = Files.createDirectories(tree.resolve("many-" + i));
            Files.write(project.resolve(w.filename()), w.bytes());
            Files.writeString(project.resolve("index.html"), "<!DOCTYPE html><html><body><a href=\"" + w.filename()
                    + "#sha256=" + w.sha256() + "\">" + w.filename() + "</a></body></html>\n");
        }
        Path config = Files.writeString(tmp.resolve("pymirror.toml"), """
                port = 0
                data = "%s"
                default-index = "wheels"

                [index.wheels]
                kind = "static"
                path = "%s"
                """.formatted(tmp.resolve("data"), tree));
        List<String> command = new ArrayList<>(PymirrorProcess.command("serve", "--config", config.toString()));
        // 20 MB of files against 16 MB of direct memory (and a heap too small to hold them either).
        command.addAll(1, List.of("-XX:MaxDirectMemorySize=16m", "-Xmx64m"));
        PymirrorProcess server = PymirrorProcess.start(tmp.resolve("run"), Map.of("PATH", "/usr/bin:/bin",
                "HOME", tmp.toString(), "PYMIRROR_ACCESS_LOG", "OFF"), command);
        try (HttpClient http = HttpClient.newHttpClient()) {
            String base = baseUrl(server);
            for (int round = 0; round < 2; round++) {
                for (Wheel w : wheels) {
                    String project = w.filename().substring(0, w.filename().indexOf('-')).replace('_', '-');
                    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + "wheels/files/" + project + "/"
                            + w.filename())).build(), HttpResponse.BodyHandlers.ofByteArray());
                    assertThat(r.statusCode()).as("%s, round %d; server log:%n%s", w.filename(), round,
                            server.stderrSoFar()).isEqualTo(200);
                    assertThat(r.body()).as(w.filename()).isEqualTo(w.bytes());
                }
            }
        } finally {
            server.process().destroy();
            server.await(1);
        }
    }

    private static String baseUrl(PymirrorProcess server) throws Exception {
        for (int i = 0; i < 300; i++) {
            Matcher m = SERVING.matcher(server.stdoutSoFar() + server.stderrSoFar());
            if (m.find()) {
                return m.group(1);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the server did not say where it listens; stderr:\n" + server.stderrSoFar());
    }
}
