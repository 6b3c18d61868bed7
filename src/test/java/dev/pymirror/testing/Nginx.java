package dev.pymirror.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real nginx for tests: one process in the foreground, everything it writes under a prefix
 * folder, with the {@code $pypi_page} map that docs/static-tree.md's configuration uses. A test
 * gives the lines of its own {@code http} block (logging) and of its {@code server} block.
 */
public final class Nginx {

    public static final String BINARY = "/usr/sbin/nginx";

    private Nginx() {}

    /**
     * Writes {@code prefix/nginx.conf} and starts nginx on 127.0.0.1:{@code port}; its output goes
     * to {@code prefix/stdout.log}.
     */
    public static Process start(Path prefix, int port, String httpLines, String serverLines) throws IOException {
        return start(prefix, "127.0.0.1:" + port, httpLines, serverLines);
    }

    /**
     * As {@link #startListening}, serving TLS on 127.0.0.1:{@code port} with {@code certificate}
     * (as an {@code https://} upstream, or a front to one on plain HTTP).
     */
    public static Process startTlsListening(Path prefix, int port, TestAuthority.ServerCertificate certificate,
            String serverLines) throws IOException, InterruptedException {
        String tls = "ssl_certificate " + certificate.certificate() + ";\nssl_certificate_key " + certificate.key() + ";\n";
        return awaitListening(start(prefix, "127.0.0.1:" + port + " ssl", "", tls + serverLines), prefix, port);
    }

    /**
     * As {@link #startTlsListening}, passing every request on to {@code backend} (plain HTTP) with
     * the Host header it came with, which a request signed for S3 must keep: TLS in front of a
     * test's index or S3 server.
     */
    public static Process startTlsFront(Path prefix, int port, TestAuthority.ServerCertificate certificate,
            URI backend) throws IOException, InterruptedException {
        return startTlsListening(prefix, port, certificate, """
                client_max_body_size 0;
                location / { proxy_pass %s; proxy_set_header Host $http_host; }""".formatted(
                backend.getScheme() + "://" + backend.getRawAuthority()));
    }

    private static Process start(Path prefix, String listen, String httpLines, String serverLines) throws IOException {
        Files.createDirectories(prefix);
        String conf = """
                daemon off;
                master_process off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 64; }
                http {
                %3$s
                    client_body_temp_path %1$s/body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;

                    map $http_accept $pypi_page {
                        default                                      index.html;
                        "~application/vnd\\.pypi\\.simple\\.v1\\+json"   index.json;
                    }
                    map $uri $pypi_cache {
                        default                                                  "";
                        "~\\.(whl|zip|tar\\.gz|tar\\.bz2|metadata|provenance)$"   "public, max-age=31536000, immutable";
                    }

                    server {
                        listen %2$s;
                %4$s
                    }
                }
                """.formatted(prefix, listen, httpLines.indent(4).stripTrailing(), serverLines.indent(8).stripTrailing());
        Path confFile = Files.writeString(prefix.resolve("nginx.conf"), conf);
        return new ProcessBuilder(BINARY, "-p", prefix.toString(), "-c", confFile.toString())
                .redirectErrorStream(true).redirectOutput(prefix.resolve("stdout.log").toFile()).start();
    }

    /**
     * As {@link #start}, and returns once nginx accepts connections on its port (within 30 s),
     * else stops it and throws with its error log.
     */
    public static Process startListening(Path prefix, int port, String httpLines, String serverLines)
            throws IOException, InterruptedException {
        return awaitListening(start(prefix, port, httpLines, serverLines), prefix, port);
    }

    private static Process awaitListening(Process nginx, Path prefix, int port) throws IOException, InterruptedException {
        Path log = prefix.resolve("error.log");
        LocalPorts.awaitListening(nginx, "nginx", port,
                () -> Files.isRegularFile(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no error.log)");
        return nginx;
    }
}
