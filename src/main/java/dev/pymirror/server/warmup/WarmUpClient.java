package dev.pymirror.server.warmup;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Asks a server for a project as pip and uv do, over HTTP on 127.0.0.1 with the JDK's blocking
 * client (the one a mirror asks its upstream with, so its code is warmed twice over).
 */
final class WarmUpClient implements AutoCloseable {

    /** What pip 23 and later send for a project page: JSON first. */
    private static final String PIP_ACCEPT =
            "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01";
    private static final Pattern FILE_URL = Pattern.compile("\"url\"\\s*:\\s*\"([^\"]+)\"");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI base;
    private final URI simple;

    /** A client of the server at {@code base}, asking for projects at its default index. */
    WarmUpClient(URI base) {
        this.base = base;
        this.simple = base.resolve("simple/");
    }

    /**
     * The project's page, then (for a client that reads PEP 658 metadata first, every other project)
     * the file's metadata, then the file; every fourth project's page again as HTML, and every fourth
     * one's file again, from the cache.
     *
     * @throws IOException when an answer is not a 200 or a page lists no file: the warm-up stops there
     */
    void project(String name, int ordinal) throws IOException {
        URI page = simple.resolve(name + "/");
        String json = new String(get(page, PIP_ACCEPT), StandardCharsets.UTF_8);
        Matcher m = FILE_URL.matcher(json);
        if (!m.find()) {
            throw new IOException(page + " listed no file");
        }
        URI file = page.resolve(m.group(1));
        if (ordinal % 2 == 0) {
            get(URI.create(file + ".metadata"), "*/*");
        }
        get(file, "*/*");
        switch (ordinal % 4) {
            case 0 -> get(page, "text/html");
            case 1 -> get(file, "*/*");
            default -> { }
        }
    }

    /**
     * Asks for {@code /health} on a connection that closes after it: the server's stop then finds
     * no connection of this client open, where it would wait for an idle one's end.
     */
    @Override
    public void close() throws IOException {
        get(base.resolve("health"), "application/json", true);
    }

    private static byte[] get(URI uri, String accept) throws IOException {
        return get(uri, accept, false);
    }

    private static byte[] get(URI uri, String accept, boolean last) throws IOException {
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
        if (last) {
            c.setRequestProperty("Connection", "close");
        }
        c.setConnectTimeout((int) TIMEOUT.toMillis());
        c.setReadTimeout((int) TIMEOUT.toMillis());
        c.setRequestProperty("Accept", accept);
        c.setRequestProperty("Accept-Encoding", "gzip, deflate");
        c.setRequestProperty("User-Agent", "pymirror-warm-up");
        int status = c.getResponseCode();
        if (status != 200) {
            try (InputStream error = c.getErrorStream()) {
                if (error != null) {
                    error.readAllBytes(); // read to its end, so that the connection is kept for the next request
                }
            }
            throw new IOException(uri.getPath() + " answered " + status);
        }
        try (InputStream body = c.getInputStream()) {
            byte[] bytes = body.readAllBytes();
            return "gzip".equalsIgnoreCase(c.getContentEncoding())
                    ? new GZIPInputStream(new java.io.ByteArrayInputStream(bytes)).readAllBytes() : bytes;
        }
    }
}
