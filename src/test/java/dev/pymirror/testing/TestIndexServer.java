package dev.pymirror.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A package index that a test builds and serves itself on 127.0.0.1, and can make misbehave.
 *
 * <p>It is written on a bare socket, independent of the code under test, so that it can do what a
 * well-behaved server never would: refuse, stall, reset a connection mid-body, send fewer bytes than
 * promised, send bytes that do not match the hash on its page, or send a page that is not a page.
 * Pages are PEP 503 HTML or PEP 691 JSON by the request's Accept header, with ETags and 304s.
 *
 * <pre>{@code
 * try (TestIndexServer upstream = TestIndexServer.start()) {
 *     upstream.add(Wheel.of("acme", "1.0").build());
 *     upstream.fault("/files/acme-1.0-py3-none-any.whl", Fault.TRUNCATE);
 *     ... upstream.url() + "simple/" ...
 * }
 * }</pre>
 */
public final class TestIndexServer implements AutoCloseable {

    /** Ways to misbehave, applied to every request whose path starts with a configured prefix. */
    public enum Fault {
        /** Close the connection without answering. */
        CLOSE,
        /** Wait {@link #slowness} before answering. */
        SLOW,
        /** Answer 500 Internal Server Error. */
        STATUS_500,
        /** Answer 503 Service Unavailable. */
        STATUS_503,
        /** Send the headers and half the body, then reset the connection. */
        RESET_MID_BODY,
        /** Send half the body, wait {@link #slowness}, then send the rest. */
        STALL_MID_BODY,
        /** Promise the full length, send half, then close cleanly. */
        TRUNCATE,
        /** Send other bytes of the same length than the ones the page's hash describes. */
        WRONG_BYTES,
        /** Answer 200 with a body that is no index page. */
        MALFORMED_PAGE,
        /** Send the body gzip-compressed with {@code Content-Encoding: gzip}, whatever was asked. */
        GZIP,
        /** Send the body with {@code Content-Encoding: br} (the bytes as they are: nobody must read them). */
        BROTLI,
        /** Send the headers, then nothing for {@link #slowness}, then the body. */
        STALL_AFTER_HEADERS,
        /** Answer a project page with a valid page that lists no files. */
        EMPTY_PAGE
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Map<String, Wheel>> projects = new ConcurrentHashMap<>();
    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    /** PEP 700 upload times by file name, for the files given one. */
    private final Map<String, java.time.Instant> uploadTimes = new ConcurrentHashMap<>();
    /** PEP 592 yank reasons (empty: yanked with none) by file name. */
    private final Map<String, String> yanks = new ConcurrentHashMap<>();
    /** Files left off their project's page whose bytes are still served at their URL. */
    private final Set<String> unlisted = ConcurrentHashMap.newKeySet();
    /** PEP 792 status and reason by project. */
    private final Map<String, String[]> statuses = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> faultsLeft = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean serveMetadata = true;
    private volatile boolean listProvenance;
    private volatile boolean htmlOnly;
    private volatile List<String> statedHashes = List.of("sha256");
    private volatile Duration slowness = Duration.ofSeconds(30);
    private volatile ServerSocket socket;
    private volatile Thread acceptor;
    private volatile int port;

    private TestIndexServer() {}

    /** Starts on a free port of 127.0.0.1. */
    public static TestIndexServer start() throws IOException {
        TestIndexServer s = new TestIndexServer();
        s.listen(0);
        return s;
    }

    /** The base URL, ending in a slash: pages are under {@code simple/}, files under {@code files/}. */
    public String url() {
        return "http://127.0.0.1:" + port + "/";
    }

    public String simpleUrl() {
        return url() + "simple/";
    }

    /** Adds wheels to the index, under the project their file name says. */
    public TestIndexServer add(Wheel... wheels) {
        for (Wheel w : wheels) {
            String project = w.filename().substring(0, w.filename().indexOf('-'))
                    .replaceAll("[-_.]+", "-").toLowerCase(Locale.ROOT);
            projects.computeIfAbsent(project, k -> new ConcurrentHashMap<>()).put(w.filename(), w);
        }
        return this;
    }

    /** Gives a file an {@code upload-time} on JSON pages. */
    public TestIndexServer uploadTime(String filename, java.time.Instant time) {
        uploadTimes.put(filename, time);
        return this;
    }

    /** Removes a file from its project's page (the project stays, with its other files). */
    public TestIndexServer remove(String filename) {
        projects.values().forEach(files -> files.remove(filename));
        return this;
    }

    /** Yanks a file (PEP 592), with a reason (null: none); see {@link #unyank}. */
    public TestIndexServer yank(String filename, String reason) {
        yanks.put(filename, reason == null ? "" : reason);
        return this;
    }

    public TestIndexServer unyank(String filename) {
        yanks.remove(filename);
        return this;
    }

    /** Leaves a file off its project's page, its URL still serving it (as an index that hides a release may). */
    public TestIndexServer unlist(String filename) {
        unlisted.add(filename);
        return this;
    }

    /**
     * Gives a project a PEP 792 status (null: none, which means active) with an optional reason.
     * A {@code quarantined} project's page lists no files, as PyPI's does.
     */
    public TestIndexServer projectStatus(String project, String status, String reason) {
        if (status == null) {
            statuses.remove(project);
        } else {
            statuses.put(project, new String[] {status, reason});
        }
        return this;
    }

    /** Makes requests for paths starting with {@code pathPrefix} misbehave; null clears it. */
    public TestIndexServer fault(String pathPrefix, Fault fault) {
        if (fault == null) {
            faults.remove(pathPrefix);
        } else {
            faults.put(pathPrefix, fault);
        }
        return this;
    }

    /** Makes the next {@code times} requests for paths starting with {@code pathPrefix} misbehave, then no more. */
    public TestIndexServer fault(String pathPrefix, Fault fault, int times) {
        faultsLeft.put(pathPrefix, new AtomicInteger(times));
        faults.put(pathPrefix, fault);
        return this;
    }

    public TestIndexServer clearFaults() {
        faults.clear();
        faultsLeft.clear();
        return this;
    }

    public TestIndexServer slowness(Duration d) {
        this.slowness = d;
        return this;
    }

    /** Answer HTML whatever the client asks for, as an index from before PEP 691 does. */
    public TestIndexServer htmlOnly(boolean html) {
        this.htmlOnly = html;
        return this;
    }

    /**
     * The hashes pages state for files and metadata files, by {@code hashlib} name (default
     * {@code sha256} only); HTML fragments carry the first.
     */
    public TestIndexServer statedHashes(String... algorithms) {
        this.statedHashes = List.of(algorithms);
        return this;
    }

    /** Whether pages offer PEP 658 metadata files. */
    public TestIndexServer serveMetadata(boolean serve) {
        this.serveMetadata = serve;
        return this;
    }

    /**
     * Whether JSON pages name a PEP 740 provenance object for each file, served at
     * {@code /files/<file>.provenance} (off by default: a mirror fetches what a page names).
     */
    public TestIndexServer listProvenance(boolean list) {
        this.listProvenance = list;
        return this;
    }

    /** The provenance object served for every file when {@link #listProvenance} is on. */
    public static final String PROVENANCE = "{\"version\":1,\"attestation_bundles\":[]}";

    /** How many requests reached a path (200s, 304s and faults alike). */
    public int hits(String path) {
        AtomicInteger n = hits.get(path);
        return n == null ? 0 : n.get();
    }

    /** Every request line received, in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** Stops listening: connections are refused from now on, as from an index that is down. */
    public void stop() throws IOException {
        ServerSocket s = socket;
        if (s != null) {
            s.close();
        }
        // The close is complete only once the accepting thread has left accept(); until then the
        // port may still take connections, and a test of "the upstream is down" would be flaky.
        Thread t = acceptor;
        if (t != null) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Listens again on the same port. */
    public void restart() throws IOException {
        listen(port);
    }

    @Override
    public void close() throws IOException {
        stop();
        workers.shutdownNow();
    }

    private void listen(int wantedPort) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), wantedPort), 200);
        socket = s;
        port = s.getLocalPort();
        acceptor = Thread.ofPlatform().daemon().name("test-index-accept").start(() -> {
            while (!s.isClosed()) {
                try {
                    Socket c = s.accept();
                    workers.submit(() -> serve(c));
                } catch (IOException e) {
                    return; // closed by stop()
                }
            }
        });
    }

    private void serve(Socket c) {
        try (c) {
            InputStream in = new BufferedInputStream(c.getInputStream());
            String requestLine = readLine(in);
            if (requestLine == null || requestLine.isEmpty()) {
                return;
            }
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
                }
            }
            requests.add(requestLine);
            String[] parts = requestLine.split(" ");
            String method = parts[0];
            String path = parts.length > 1 ? parts[1] : "/";
            hits.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
            respond(c, method, path, headers);
        } catch (IOException | InterruptedException e) {
            // The client went away, or a fault closed the socket on purpose.
        }
    }

    private void respond(Socket c, String method, String path, Map<String, String> headers)
            throws IOException, InterruptedException {
        Fault fault = faultFor(path);
        OutputStream out = c.getOutputStream();
        if (fault == Fault.CLOSE) {
            return;
        }
        if (fault == Fault.SLOW) {
            Thread.sleep(slowness.toMillis());
        }
        if (fault == Fault.STATUS_500 || fault == Fault.STATUS_503) {
            int status = fault == Fault.STATUS_500 ? 500 : 503;
            send(out, method, status, "text/plain", null, ("upstream says " + status + "\n").getBytes(StandardCharsets.UTF_8));
            return;
        }
        Body body = route(path, headers.getOrDefault("Accept", ""));
        if (body == null) {
            send(out, method, 404, "text/plain", null, "not found\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (fault == Fault.MALFORMED_PAGE) {
            body = new Body(body.contentType(), "{\"oops\": [".getBytes(StandardCharsets.UTF_8), null);
        }
        if (fault == Fault.EMPTY_PAGE && path.startsWith("/simple/") && path.length() > "/simple/".length()) {
            String project = path.substring("/simple/".length(), path.length() - 1);
            body = projectPage(project, Map.of(), headers.getOrDefault("Accept", ""));
        }
        // A body fault must reach the client, so it wins over a conditional request's 304.
        if (fault == null && body.etag() != null && body.etag().equals(headers.get("If-None-Match"))) {
            send(out, method, 304, null, body.etag(), new byte[0]);
            return;
        }
        byte[] bytes = body.bytes();
        switch (fault) {
            case RESET_MID_BODY -> {
                writeHead(out, 200, body.contentType(), body.etag(), bytes.length);
                out.write(bytes, 0, bytes.length / 2);
                out.flush();
                c.setSoLinger(true, 0); // close with RST, not FIN
                return;
            }
            case STALL_MID_BODY -> {
                writeHead(out, 200, body.contentType(), body.etag(), bytes.length);
                out.write(bytes, 0, bytes.length / 2);
                out.flush();
                Thread.sleep(slowness.toMillis());
                out.write(bytes, bytes.length / 2, bytes.length - bytes.length / 2);
                out.flush();
                return;
            }
            case TRUNCATE -> {
                writeHead(out, 200, body.contentType(), body.etag(), bytes.length);
                out.write(bytes, 0, bytes.length / 2);
                out.flush();
                return;
            }
            case WRONG_BYTES -> {
                bytes = bytes.clone();
                bytes[bytes.length / 2] ^= 0x5A;
            }
            case GZIP, BROTLI -> {
                byte[] sent = bytes;
                if (fault == Fault.GZIP) {
                    ByteArrayOutputStream gz = new ByteArrayOutputStream();
                    try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(gz)) {
                        z.write(bytes);
                    }
                    sent = gz.toByteArray();
                }
                writeHead(out, 200, body.contentType(), body.etag(), sent.length,
                        fault == Fault.GZIP ? "gzip" : "br");
                out.write(sent);
                out.flush();
                return;
            }
            case STALL_AFTER_HEADERS -> {
                writeHead(out, 200, body.contentType(), body.etag(), bytes.length);
                out.flush();
                Thread.sleep(slowness.toMillis());
                out.write(bytes);
                out.flush();
                return;
            }
            case null, default -> { }
        }
        send(out, method, 200, body.contentType(), body.etag(), bytes);
    }

    private record Body(String contentType, byte[] bytes, String etag) {}

    private Body route(String path, String accept) {
        if (path.equals("/simple/")) {
            return rootPage(accept);
        }
        if (path.startsWith("/simple/") && path.endsWith("/")) {
            String project = path.substring("/simple/".length(), path.length() - 1);
            Map<String, Wheel> files = projects.get(project);
            return files == null ? null : projectPage(project, files, accept);
        }
        if (path.startsWith("/files/")) {
            String name = path.substring("/files/".length());
            boolean metadata = name.endsWith(".metadata");
            boolean provenance = name.endsWith(".provenance");
            String filename = metadata ? name.substring(0, name.length() - ".metadata".length())
                    : provenance ? name.substring(0, name.length() - ".provenance".length()) : name;
            for (Map<String, Wheel> files : projects.values()) {
                Wheel w = files.get(filename);
                if (w != null) {
                    if (metadata) {
                        return serveMetadata ? new Body("application/octet-stream", w.metadata(), null) : null;
                    }
                    if (provenance) {
                        return listProvenance ? new Body("application/json",
                                PROVENANCE.getBytes(java.nio.charset.StandardCharsets.UTF_8), null) : null;
                    }
                    return new Body("application/octet-stream", w.bytes(), null);
                }
            }
        }
        return null;
    }

    private Body rootPage(String accept) {
        Set<String> names = new java.util.TreeSet<>(projects.keySet());
        if (wantsJson(accept)) {
            ObjectNode root = JSON.createObjectNode();
            root.putObject("meta").put("api-version", "1.1");
            ArrayNode list = root.putArray("projects");
            names.forEach(n -> list.addObject().put("name", n));
            return json(root);
        }
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><body>\n");
        names.forEach(n -> html.append("<a href=\"/simple/").append(n).append("/\">").append(n).append("</a>\n"));
        return html(html.append("</body></html>\n").toString());
    }

    private Body projectPage(String project, Map<String, Wheel> files, String accept) {
        String[] status = statuses.get(project);
        Map<String, Wheel> sorted = new TreeMap<>(status != null && status[0].equals("quarantined") ? Map.of() : files);
        sorted.keySet().removeAll(unlisted);
        if (wantsJson(accept)) {
            ObjectNode root = JSON.createObjectNode();
            root.putObject("meta").put("api-version", status == null ? "1.1" : "1.4");
            root.put("name", project);
            if (status != null) {
                ObjectNode s = root.putObject("project-status").put("status", status[0]);
                if (status[1] != null) {
                    s.put("reason", status[1]);
                }
            }
            ArrayNode versions = root.putArray("versions");
            sorted.keySet().stream().map(f -> f.split("-")[1]).distinct().forEach(versions::add);
            ArrayNode list = root.putArray("files");
            for (Wheel w : sorted.values()) {
                ObjectNode f = list.addObject();
                f.put("filename", w.filename());
                f.put("url", "/files/" + w.filename());
                ObjectNode hashes = f.putObject("hashes");
                statedHashes.forEach(a -> hashes.put(a, hex(a, w.bytes())));
                f.put("size", w.bytes().length);
                if (uploadTimes.containsKey(w.filename())) {
                    f.put("upload-time", uploadTimes.get(w.filename()).toString());
                }
                String yank = yanks.get(w.filename());
                if (yank != null) {
                    if (yank.isEmpty()) {
                        f.put("yanked", true);
                    } else {
                        f.put("yanked", yank);
                    }
                }
                if (serveMetadata) {
                    ObjectNode metadataHashes = f.putObject("core-metadata");
                    statedHashes.forEach(a -> metadataHashes.put(a, hex(a, w.metadata())));
                }
                if (listProvenance) {
                    f.put("provenance", "/files/" + w.filename() + ".provenance");
                }
            }
            return json(root);
        }
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><head>"
                + "<meta name=\"pypi:repository-version\" content=\"" + (status == null ? "1.1" : "1.4") + "\">"
                + (status == null ? "" : "<meta name=\"pypi:project-status\" content=\"" + status[0] + "\">")
                + (status == null || status[1] == null ? ""
                        : "<meta name=\"pypi:project-status-reason\" content=\"" + status[1] + "\">")
                + "</head><body>\n");
        for (Wheel w : sorted.values()) {
            String a = statedHashes.getFirst();
            html.append("<a href=\"/files/").append(w.filename()).append('#').append(a).append('=')
                    .append(hex(a, w.bytes())).append('"');
            if (serveMetadata) {
                html.append(" data-core-metadata=\"").append(a).append('=').append(hex(a, w.metadata())).append('"');
            }
            if (yanks.containsKey(w.filename())) {
                html.append(" data-yanked=\"").append(yanks.get(w.filename())).append('"');
            }
            html.append('>').append(w.filename()).append("</a><br>\n");
        }
        return html(html.append("</body></html>\n").toString());
    }

    /** A digest by its {@code hashlib} name, computed here independently of the code under test. */
    static String hex(String algorithm, byte[] bytes) {
        if (algorithm.equals("blake2b")) {
            var d = new org.bouncycastle.crypto.digests.Blake2bDigest(512);
            byte[] out = new byte[64];
            d.update(bytes, 0, bytes.length);
            d.doFinal(out, 0);
            return HexFormat.of().formatHex(out);
        }
        String jdk = switch (algorithm) {
            case "md5" -> "MD5";
            case "sha1" -> "SHA-1";
            default -> "SHA-" + algorithm.substring(3);
        };
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance(jdk).digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalArgumentException(algorithm, e);
        }
    }

    private boolean wantsJson(String accept) {
        return !htmlOnly && accept.contains("application/vnd.pypi.simple.v1+json");
    }

    private static Body json(ObjectNode node) {
        try {
            byte[] bytes = JSON.writeValueAsBytes(node);
            return new Body("application/vnd.pypi.simple.v1+json", bytes, etag(bytes));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Body html(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new Body("text/html; charset=utf-8", bytes, etag(bytes));
    }

    private static String etag(byte[] bytes) {
        return "\"" + HexFormat.of().formatHex(Wheel.digest(bytes), 0, 8) + "\"";
    }

    private Fault faultFor(String path) {
        for (Map.Entry<String, Fault> e : faults.entrySet()) {
            if (path.startsWith(e.getKey())) {
                AtomicInteger left = faultsLeft.get(e.getKey());
                if (left != null && left.getAndDecrement() <= 0) {
                    continue; // its count is used up
                }
                return e.getValue();
            }
        }
        return null;
    }

    private static void send(OutputStream out, String method, int status, String type, String etag, byte[] body)
            throws IOException {
        writeHead(out, status, type, etag, body.length);
        if (!method.equals("HEAD") && status != 304) {
            out.write(body);
        }
        out.flush();
    }

    private static void writeHead(OutputStream out, int status, String type, String etag, long length) throws IOException {
        writeHead(out, status, type, etag, length, null);
    }

    private static void writeHead(OutputStream out, int status, String type, String etag, long length, String coding)
            throws IOException {
        Map<String, String> h = new LinkedHashMap<>();
        if (coding != null) {
            h.put("Content-Encoding", coding);
        }
        if (type != null) {
            h.put("Content-Type", type);
        }
        if (etag != null) {
            h.put("ETag", etag);
        }
        if (status != 304) {
            h.put("Content-Length", Long.toString(length));
        }
        h.put("Connection", "close");
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
        h.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 304 -> "Not Modified";
            case 404 -> "Not Found";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "Status";
        };
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                break;
            }
            if (b != '\r') {
                line.write(b);
            }
            if (line.size() > 16_384) {
                throw new SocketException("request line too long");
            }
        }
        if (b == -1 && line.size() == 0) {
            return null;
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
