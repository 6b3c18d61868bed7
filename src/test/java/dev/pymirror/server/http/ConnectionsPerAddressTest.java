package dev.pymirror.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.server.PymirrorServer;
import dev.pymirror.server.config.ConnectionLimits;
import dev.pymirror.server.config.HostedConfig;
import dev.pymirror.server.config.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One client address holds at most {@code max-connections-per-address} connections: more are
 * closed unanswered, while that address's other connections and other addresses are served.
 * Real sockets against the real server; a second client address is 127.0.0.2 (all of 127/8 is
 * this machine's loopback).
 */
class ConnectionsPerAddressTest {

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

    @Test
    void anAddressAtItsLimitIsRefusedNewConnectionsWhileOthersAreServed() throws Exception {
        int perAddress = 3;
        server = PymirrorServer.start(new ServerConfig("127.0.0.1", 0, data, false, "internal",
                Map.of("internal", HostedConfig.defaults("internal")), new ConnectionLimits(50, 100, perAddress)));
        List<Socket> held = new ArrayList<>();
        for (int i = 0; i < perAddress; i++) {
            Socket s = connect("127.0.0.1");
            assertThat(ask(s)).startsWith("HTTP/1.1 200");
            held.add(s);
        }
        // One more from the same address: closed without an answer (EOF or a reset).
        for (int i = 0; i < 3; i++) {
            assertThat(answerOrClosed(connect("127.0.0.1"))).isEqualTo("closed");
        }
        // Its connections already open keep being served, and another address is served.
        for (Socket s : held) {
            assertThat(ask(s)).startsWith("HTTP/1.1 200");
        }
        assertThat(ask(connect("127.0.0.2"))).startsWith("HTTP/1.1 200");

        // A connection closed gives its place back (the server sees the close a moment later).
        held.remove(0).close();
        String answer = "closed";
        for (int attempt = 0; attempt < 100 && answer.equals("closed"); attempt++) {
            answer = answerOrClosed(connect("127.0.0.1"));
            if (answer.equals("closed")) {
                Thread.sleep(100);
            }
        }
        assertThat(answer).startsWith("HTTP/1.1 200");
    }

    @Test
    void theLimitHasADefaultAndCannotBeZero() {
        assertThat(ConnectionLimits.DEFAULTS.maxPerAddress()).isEqualTo(256);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ConnectionLimits(50, 100, 0))
                .hasMessageContaining("max-connections-per-address");
    }

    private Socket connect(String from) throws IOException {
        Socket s = new Socket();
        sockets.add(s);
        s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        s.connect(new InetSocketAddress("127.0.0.1", server.port()), 10_000);
        return s;
    }

    private static String ask(Socket s) throws IOException {
        send(s);
        return readAnswer(s);
    }

    /** The answer's head, or "closed" when the server closes the connection instead of answering. */
    private static String answerOrClosed(Socket s) throws IOException {
        try {
            send(s);
            return readAnswer(s);
        } catch (SocketException e) {
            return "closed"; // reset: the server closed it before or while the request arrived
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("connection closed")) {
                return "closed";
            }
            throw e;
        }
    }

    private static void send(Socket s) throws IOException {
        s.getOutputStream().write("GET /internal/simple/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
    }

    private static String readAnswer(Socket s) throws IOException {
        s.setSoTimeout(30_000);
        InputStream in = s.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after: '" + head + "'");
            }
            head.append((char) b);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        in.readNBytes(length);
        return head.toString();
    }
}
