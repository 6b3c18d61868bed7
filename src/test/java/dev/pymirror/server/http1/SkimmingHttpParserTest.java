package dev.pymirror.server.http1;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The skimming parser against Jetty's own, on the same bytes: every request here must give the
 * same request lines, the same fields (name, value, known header) in the same order for each name,
 * the same bodies and the same errors, whether the bytes arrive at once or split in two at every
 * possible place, in heap or direct buffers.
 */
class SkimmingHttpParserTest {

    static final String PIP_AGENT = "pip/24.0 {\"ci\":null,\"cpu\":\"x86_64\",\"distro\":{\"id\":\"bookworm\",\"libc\":"
            + "{\"lib\":\"glibc\",\"version\":\"2.36\"},\"name\":\"Debian GNU/Linux\",\"version\":\"12\"},"
            + "\"implementation\":{\"name\":\"CPython\",\"version\":\"3.11.2\"},\"installer\":{\"name\":\"pip\","
            + "\"version\":\"24.0\"},\"openssl_version\":\"OpenSSL 3.0.15 3 Sep 2024\",\"python\":\"3.11.2\","
            + "\"system\":{\"name\":\"Linux\",\"release\":\"6.1.0\"}}";

    static final String PIP_GET = "GET /simple/requests/ HTTP/1.1\r\nHost: 127.0.0.1:3141\r\nUser-Agent: " + PIP_AGENT
            + "\r\nAccept-Encoding: gzip, deflate\r\nAccept: application/vnd.pypi.simple.v1+json, "
            + "application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01\r\nConnection: keep-alive\r\n"
            + "Cache-Control: max-age=0\r\n\r\n";

    static Stream<String> requests() {
        return Stream.of(
                PIP_GET,
                PIP_GET + PIP_GET, // pipelined
                "GET / HTTP/1.0\r\n\r\n",
                "GET / HTTP/1.1\r\nUser-Agent: first\r\nHost: x\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: x\r\nuser-agent: lower case\r\nACCEPT:  spaced value  \t \r\n\r\n",
                "GET / HTTP/1.1\r\nHost: x\r\nAccept:\r\nAccept: \r\nAccept: b\r\nAccept:a,c\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: x\r\nX-Tab: a\tb\r\nX-Octets: caf\u00e9 \u00ff\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: x\r\nX-Unknown-Header: some value\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: x\r\nUser-Agent: a\r\n folded\r\nAccept: b\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: x\r\nUser-Agent : space before colon\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: x\r\nUser-Agent: control\u0001char\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: x\r\nUser-Agent: del\u007fchar\r\n\r\n",
                "GET / HTTP/1.1\nHost: x\nUser-Agent: bare line feeds\nAccept: b\n\n",
                "GET / HTTP/1.1\r\nHost: x\r\nUser-Agent: bare\nAccept: b\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: x\r\nUser-Agent: a\rAccept: b\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: x\r\n: no name\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: x\r\nBad(Name): v\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\nUser-Agent: u\r\n\r\n",
                "GET / HTTP/1.1\r\nUser-Agent: no host\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nUser-Agent: u\r\n\r\n",
                "POST /up HTTP/1.1\r\nHost: x\r\nUser-Agent: u\r\nCONTENT-LENGTH: 29\r\nAccept: a\r\n\r\n"
                        + "User-Agent: in the body\r\n\r\n",
                "POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\nUser-Agent: u\r\n\r\nabcd",
                "POST /up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nUser-Agent: u\r\n\r\n"
                        + "1a\r\nUser-Agent: in a chunk\r\n\r\n0\r\nX-Trailer: t\r\nUser-Agent: trailer\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: x\r\nUser-Agent: " + "x".repeat(9000) + "\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: x\r\n" + "X-Many: " + "y".repeat(90) + "\r\n".repeat(1) + ("X-Many: "
                        + "y".repeat(90) + "\r\n").repeat(100) + "\r\n",
                "GET / HTTP/1.1\r\nHost: x\r\nUser-Agent: u\r\n", // the client stops mid-headers
                "GET / HTTP/1.1\r\nHost: x\r\nUser-Agent: u\r\n\r");
    }

    @ParameterizedTest
    @MethodSource("requests")
    void givesWhatJettysParserGivesWhateverTheBuffering(String request) {
        byte[] bytes = request.getBytes(StandardCharsets.ISO_8859_1);
        for (boolean direct : new boolean[] {false, true}) {
            Events expected = parse(bytes, bytes.length, direct, Events::jetty);
            assertThat(parse(bytes, bytes.length, direct, Events::skimming)).isEqualTo(expected);
            // Every place in a short request; in the long ones (10 kB) every few bytes, all the same.
            for (int split = 1; split < bytes.length; split += 1 + bytes.length / 1500) {
                assertThat(parse(bytes, split, direct, Events::skimming)).as("split at %d", split)
                        .isEqualTo(parse(bytes, split, direct, Events::jetty));
            }
        }
    }

    @Test
    void pipsRequestIsSkimmedPastTheLinesTheParserDoesNotActOn() {
        byte[] bytes = PIP_GET.getBytes(StandardCharsets.ISO_8859_1);
        Events events = parse(bytes, bytes.length, true, Events::skimming);

        assertThat(events.log).anyMatch(line -> line.startsWith("headers ")
                && line.contains("user-agent=[User-Agent: " + PIP_AGENT + " (User-Agent)]"));
        // Jetty reads the request line, Host, Connection and the empty line (81 bytes), not the rest.
        assertThat(events.headerBytesSeenByJetty).isLessThan(100);
    }

    @Test
    void theHeaderLimitCountsSkimmedLines() {
        String request = "GET / HTTP/1.1\r\nHost: x\r\n" + ("X-Many: " + "y".repeat(90) + "\r\n").repeat(100) + "\r\n";
        byte[] bytes = request.getBytes(StandardCharsets.ISO_8859_1);

        assertThat(parse(bytes, bytes.length, true, Events::skimming).bad).isEqualTo(431);
    }

    /** Feeds the bytes in two parts, as Jetty's connection does: parse, compact, fill, parse. */
    static Events parse(byte[] bytes, int split, boolean direct, Function<Events, HttpParser> parsers) {
        Events events = new Events();
        HttpParser parser = parsers.apply(events);
        ByteBuffer buffer = direct ? ByteBuffer.allocateDirect(bytes.length) : ByteBuffer.allocate(bytes.length);
        buffer.put(bytes, 0, split).flip();
        int filled = split;
        try {
            for (int round = 0; round < 1000; round++) {
                boolean handled = parser.parseNext(buffer);
                events.headerBytesSeenByJetty = Math.max(events.headerBytesSeenByJetty, parser.getHeaderLength());
                if (events.bad != 0) {
                    break;
                }
                if (handled && parser.isComplete()) {
                    parser.reset();
                    continue;
                }
                if (!buffer.hasRemaining()) {
                    if (filled == bytes.length) {
                        parser.atEOF();
                        parser.parseNext(buffer);
                        break;
                    }
                    buffer.compact();
                    buffer.put(bytes, filled, bytes.length - filled).flip();
                    filled = bytes.length;
                }
            }
        } catch (HttpException.RuntimeException | IllegalStateException e) {
            events.log.add("thrown " + e.getClass().getSimpleName());
        }
        return events;
    }

    /** What a parser told its handler; equal when two parsers told the same. */
    static final class Events implements HttpParser.RequestHandler {

        final List<String> log = new ArrayList<>();
        /** Fields by lower-case name, each in order: fields of different names may come in another order. */
        final Map<String, List<String>> fields = new TreeMap<>();
        int bad;
        int headerBytesSeenByJetty;

        static HttpParser jetty(Events events) {
            return new HttpParser(events, 8192, HttpCompliance.RFC9110);
        }

        static HttpParser skimming(Events events) {
            return new SkimmingHttpParser(events, 8192, HttpCompliance.RFC9110);
        }

        @Override
        public void startRequest(String method, String uri, HttpVersion version) {
            log.add("request " + method + " " + uri + " " + version);
        }

        @Override
        public void parsedHeader(HttpField field) {
            fields.computeIfAbsent(field.getLowerCaseName(), k -> new ArrayList<>())
                    .add(field.getName() + ": " + field.getValue() + " (" + field.getHeader() + ")");
        }

        @Override
        public void parsedTrailer(HttpField field) {
            log.add("trailer " + field.getName() + ": " + field.getValue());
        }

        @Override
        public boolean headerComplete() {
            log.add("headers " + fields);
            fields.clear();
            return false;
        }

        @Override
        public boolean content(ByteBuffer item) {
            byte[] body = new byte[item.remaining()];
            item.get(body);
            log.add("content " + new String(body, StandardCharsets.ISO_8859_1));
            return false;
        }

        @Override
        public boolean contentComplete() {
            log.add("content complete");
            return false;
        }

        @Override
        public boolean messageComplete() {
            log.add("message complete");
            return true;
        }

        @Override
        public void earlyEOF() {
            log.add("early EOF");
        }

        @Override
        public void badMessage(HttpException failure) {
            bad = failure.getCode();
            log.add("bad " + failure.getCode() + " " + failure.getReason());
        }

        @Override
        public boolean equals(Object o) {
            // A rejected request's fields are thrown away with it: which arrived before the error does not matter.
            return o instanceof Events e && e.log.equals(log) && e.bad == bad && (bad != 0 || e.fields.equals(fields));
        }

        @Override
        public int hashCode() {
            return log.hashCode();
        }

        @Override
        public String toString() {
            return String.join("\n", log) + (fields.isEmpty() || bad != 0 ? "" : "\npending " + fields) + "\n";
        }
    }
}
