package dev.pymirror.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pymirror.server.config.ConnectionLimits;
import dev.pymirror.server.config.HostedConfig;
import dev.pymirror.server.config.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The listening socket: its backlog is the configured one (as the kernel reports it), and at the
 * connection cap new connections wait while those being served keep being answered.
 */
class ServerConnectionsTest {

    @TempDir
    Path data;

    PymirrorServer server;
    final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
    }

    PymirrorServer start(ConnectionLimits limits) throws StartupException {
        return PymirrorServer.start(new ServerConfig("127.0.0.1", 0, data, false, "internal",
                Map.of("internal", HostedConfig.defaults("internal")), limits));
    }

    @Test
    void theConfiguredBacklogReachesTheListeningSocket() throws Exception {
        server = start(new ConnectionLimits(200, 100));
        // For a listening socket, ss shows the backlog as Send-Q (below net.core.somaxconn, which caps it).
        Process ss = new ProcessBuilder("ss", "-ltnH", "sport = :" + server.port()).redirectErrorStream(true).start();
        String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ss.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(out.lines().toList()).as(out).hasSize(1);
        String[] columns = out.strip().split("\\s+");
        // State Recv-Q Send-Q Local-Address:Port Peer-Address:Port
        assertThat(columns[0]).isEqualTo("LISTEN");
        assertThat(columns[2]).isEqualTo("200");
    }

    @Test
    void atTheCapNewConnectionsWaitWhileTheOnesServedAreAnswered() throws Exception {
        int cap = 4;
        server = start(new ConnectionLimits(50, cap));
        List<Socket> served = new ArrayList<>();
        for (int i = 0; i < cap; i++) {
            Socket s = connect();
            assertThat(ask(s, 10_000)).startsWith("HTTP/1.1 200");
            served.add(s);
        }
        List<Socket> waiting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Socket s = connect(); // the kernel completes it in the backlog; the server does not take it yet
            send(s);
            waiting.add(s);
        }
        // A second for any answer to arrive; the served connections must not sit idle long, since at the
        // cap an idle connection is closed after 5 s to make room.
        assertThatThrownBy(() -> readAnswer(waiting.get(0), 1_000)).isInstanceOf(SocketTimeoutException.class);
        for (Socket s : waiting) {
            assertThat(s.getInputStream().available()).isZero();
        }
        // The server keeps answering the connections it serves.
        for (Socket s : served) {
            assertThat(ask(s, 10_000)).startsWith("HTTP/1.1 200");
        }
        // As connections close, the waiting ones are taken and answered, none refused or lost.
        for (Socket s : served) {
            s.close();
        }
        for (Socket s : waiting) {
            assertThat(readAnswer(s, 30_000)).startsWith("HTTP/1.1 200");
        }
    }

    private Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", server.port());
        sockets.add(s);
        return s;
    }

    private static void send(Socket s) throws IOException {
        s.getOutputStream().write("GET /internal/simple/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
    }

    private static String ask(Socket s, int timeoutMillis) throws IOException {
        send(s);
        return readAnswer(s, timeoutMillis);
    }

    /** Reads one answer (headers and a Content-Length body) and returns its status line and headers. */
    private static String readAnswer(Socket s, int timeoutMillis) throws IOException {
        s.setSoTimeout(timeoutMillis);
        InputStream in = s.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after: " + head);
            }
            head.append((char) b);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        in.readNBytes(length);
        return head.toString();
    }

    @Test
    void theCapFitsTheDescriptorsTheProcessMayOpen() {
        assertThat(PymirrorServer.connectionCap(10_000, 1_048_576)).isEqualTo(10_000);
        // A soft limit of 1024 leaves room for the server's own files and upstream connections.
        assertThat(PymirrorServer.connectionCap(10_000, 1024)).isBetween(500, 1000);
        assertThat(PymirrorServer.connectionCap(10_000, 100)).isEqualTo(16);
        assertThat(PymirrorServer.connectionCap(10_000, -1)).isEqualTo(10_000);
    }
}
