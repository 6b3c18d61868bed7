package dev.pymirror.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The real tinyproxy for tests: a forward proxy that tunnels (CONNECT) as well as passes requests
 * on, asking for a user and password, in the foreground with everything under a prefix folder.
 * nginx passes requests on but cannot tunnel, which an {@code https://} upstream needs.
 */
public final class Tinyproxy implements AutoCloseable {

    public static final String BINARY = "/usr/bin/tinyproxy";

    private final Process process;
    private final Path log;

    private Tinyproxy(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts tinyproxy on 127.0.0.1:{@code port}, asking every client for {@code user} and
     * {@code password} (Basic), tunnelling to {@code connectPort} only; returns once it listens.
     */
    public static Tinyproxy start(Path prefix, int port, String user, String password, int connectPort)
            throws IOException, InterruptedException {
        Files.createDirectories(prefix);
        Path log = prefix.resolve("tinyproxy.log");
        String conf = """
                Port %2$d
                Listen 127.0.0.1
                Timeout 30
                LogFile "%3$s"
                LogLevel Info
                PidFile "%1$s/tinyproxy.pid"
                MaxClients 20
                Allow 127.0.0.1
                BasicAuth %4$s %5$s
                ConnectPort %6$d
                """.formatted(prefix, port, log, user, password, connectPort);
        Path confFile = Files.writeString(prefix.resolve("tinyproxy.conf"), conf);
        Process process = new ProcessBuilder(BINARY, "-d", "-c", confFile.toString()).redirectErrorStream(true)
                .redirectOutput(prefix.resolve("stdout.log").toFile()).start();
        LocalPorts.awaitListening(process, "tinyproxy", port,
                () -> Files.readString(prefix.resolve("stdout.log"), StandardCharsets.UTF_8));
        return new Tinyproxy(process, log);
    }

    /** What it logged: each connection, each CONNECT and each refusal. */
    public String log() throws IOException {
        return Files.isRegularFile(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
