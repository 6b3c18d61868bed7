package dev.pymirror;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.testing.BuiltLauncher;
import dev.pymirror.testing.LocalPorts;
import dev.pymirror.testing.Nginx;
import dev.pymirror.testing.ServerGet;
import dev.pymirror.testing.ServerWait;
import dev.pymirror.testing.StaticIndex;
import dev.pymirror.testing.Wheel;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the build's training (src/build/java/AotTraining.java) leaves in the AOT cache: a server
 * started by the launcher answers pip's requests without loading a class from a jar or from the
 * runtime's modules, whether it is fresh (every page, metadata file and file fetched from the
 * upstream) or restarted over what it kept (each read from disk). A class loaded so was left out of
 * the training: the first request that needs it pays for reading and verifying it (a restarted
 * server's first page did, for the JSON reader of a stored page, before the training had a restart).
 */
@Tag("slow")
class AotTrainingTest {

    private static final List<String> PROJECTS = List.of("alpha", "beta", "gamma", "delta");

    @TempDir
    Path dir;

    @Test
    void aFreshAndARestartedServerAnswerPipWithClassesFromTheCacheOnly() throws Exception {
        Path launcher = BuiltLauncher.copyTo(dir.resolve("checkout"));
        StaticIndex index = new StaticIndex(dir.resolve("tree"));
        for (String project : PROJECTS) {
            index.add(Wheel.of(project, "1.0").requires("packaging>=20").build());
        }
        index.write();
        HttpClient http = HttpClient.newHttpClient();
        // The upstream a static tree has in front of it: nginx, with its own headers (its Keep-Alive,
        // its validators), which a mirror's upstream client reads.
        int upstreamPort = LocalPorts.free();
        Process nginx = Nginx.startListening(dir.resolve("nginx"), upstreamPort, "access_log off;",
                "root " + index.root() + ";");
        try {
            int port = LocalPorts.free();
            URI base = URI.create("http://127.0.0.1:" + port + "/");
            List<String> serve = List.of(launcher.toString(), "serve", "--port", String.valueOf(port),
                    "--data", dir.resolve("data").toString(), "--upstream", "http://127.0.0.1:" + upstreamPort + "/simple/");

            List<String> fresh = classesLoadedWhileAnswering(serve, dir.resolve("fresh"), http, base);
            assertThat(fresh).as("classes a fresh server loaded from jars while answering").isEmpty();

            List<String> restarted = classesLoadedWhileAnswering(serve, dir.resolve("restarted"), http, base);
            assertThat(restarted).as("classes a restarted server loaded from jars while answering").isEmpty();
        } finally {
            nginx.destroy();
            nginx.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Starts the server, asks what pip asks once it answers /health, stops it (SIGTERM), and returns
     * the classes loaded meanwhile from a jar or the runtime's modules (hidden classes the JVM spins,
     * which no cache can hold whole, are not counted).
     */
    private static List<String> classesLoadedWhileAnswering(List<String> serve, Path work, HttpClient http, URI base)
            throws Exception {
        Files.createDirectories(work);
        Path classes = work.resolve("classes.log");
        Path log = work.resolve("serve.log");
        ProcessBuilder pb = new ProcessBuilder(serve).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().clear();
        // Beside the launcher's own options, not in place of them (PYMIRROR_JAVA_OPTS would replace them).
        pb.environment().put("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + classes + " -XX:+UnlockDiagnosticVMOptions -XX:LogClassLoadingCauseFor=com.fasterxml.jackson.core.util.InternalJacksonUtil -Xlog:class+load+cause*=info:file=/tmp/cause3-" + work.getFileName() + ".log");
        Process server = pb.start();
        try {
            LocalPorts.awaitListening(server, "pymirror serve", base.getPort(), () -> Files.readString(log));
            ServerWait.awaitOk(http, base.resolve("health").toString(), server, 60);
            int before = lines(classes).size();
            for (String project : PROJECTS) {
                askAsPipDoes(http, base, project, log);
            }
            List<String> loaded = lines(classes);
            return loaded.subList(before, loaded.size()).stream()
                    .filter(line -> line.contains("source: jrt:/") || line.contains("source: file:") || line.contains("source: jar:"))
                    .toList();
        } finally {
            server.destroy();
            if (!server.waitFor(1, TimeUnit.MINUTES)) {
                server.destroyForcibly().waitFor();
            }
        }
    }

    /** The page (JSON, as pip asks), the wheel's metadata, then the wheel. */
    private static void askAsPipDoes(HttpClient http, URI base, String project, Path log) throws Exception {
        String page = ok(ServerGet.get(http, base, "/simple/" + project + "/", "Accept", ServerGet.PIP_ACCEPT), project, log);
        Matcher url = Pattern.compile("\"url\":\\s*\"([^\"]+)\"").matcher(page);
        assertThat(url.find()).as("%s lists a file: %s", project, page).isTrue();
        String file = base.resolve("simple/" + project + "/").resolve(url.group(1)).getPath();
        ok(ServerGet.get(http, base, file + ".metadata"), file, log);
        ok(ServerGet.get(http, base, file), file, log);
    }

    private static String ok(HttpResponse<byte[]> response, String what, Path log) throws IOException {
        assertThat(response.statusCode()).as("%s; the server's log:%n%s", what, Files.readString(log)).isEqualTo(200);
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? new ArrayList<>(Files.readAllLines(file)) : new ArrayList<>();
    }
}
