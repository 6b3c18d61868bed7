package dev.pymirror.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real S3 server for the tests: S3Proxy ({@code target/s3proxy/s3proxy.jar}, which the build
 * copies there before the slow tests) with its filesystem backend in a folder of the test's, on a free port of 127.0.0.1,
 * checking signatures against {@link #ACCESS_KEY}/{@link #SECRET_KEY}. It runs as its own process
 * ({@code java -jar}): its fat jar carries an older AWS SDK and another Jetty, which must not meet
 * pymirror's on one class path, and a process can be stopped with SIGSTOP to play an S3 that does
 * not answer.
 */
public final class S3ProxyProcess implements AutoCloseable {

    public static final String ACCESS_KEY = "pymirror-test";
    public static final String SECRET_KEY = "pymirror-test-secret";

    private final Process process;
    private final Path data;
    private final Path log;
    private final int port;

    private S3ProxyProcess(Process process, Path data, Path log, int port) {
        this.process = process;
        this.data = data;
        this.log = log;
        this.port = port;
    }

    /** The jar the build fetched. */
    public static Path jar() {
        Path jar = Path.of("target", "s3proxy", "s3proxy.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the build copies it before the slow tests "
                    + "(./mvnw verify, or ./mvnw dependency:copy@copy-s3proxy)");
        }
        return jar;
    }

    /** Starts S3Proxy with its buckets under {@code dir}/data, and waits until it answers. */
    public static S3ProxyProcess start(Path dir) throws IOException, InterruptedException {
        Path data = Files.createDirectories(dir.resolve("data"));
        int port = LocalPorts.free();
        Path properties = dir.resolve("s3proxy.properties");
        Files.writeString(properties, String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=filesystem-nio2",
                "jclouds.filesystem.basedir=" + data,
                ""), StandardCharsets.UTF_8);
        Path log = dir.resolve("s3proxy.log");
        Process process = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-jar", jar().toString(), "--properties", properties.toString()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        S3ProxyProcess proxy = new S3ProxyProcess(process, data, log, port);
        proxy.awaitAnswer();
        return proxy;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The process id, for a benchmark that counts S3Proxy's CPU time beside its client's. */
    public long pid() {
        return process.pid();
    }

    /** Makes a bucket (a folder of the filesystem backend). */
    public String bucket(String name) throws IOException {
        Files.createDirectories(data.resolve(name));
        return name;
    }

    /** Freezes the process (SIGSTOP): connections are accepted by the kernel and never answered. */
    public void freeze() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** Lets a frozen process go on (SIGCONT). */
    public void thaw() throws IOException, InterruptedException {
        signal("CONT");
    }

    /** What S3Proxy logged, for a failing test's message. */
    public String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        thaw(); // a frozen process does not act on SIGTERM
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private void signal(String name) throws IOException, InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        int exit = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IOException("kill -" + name + " " + process.pid() + " exited " + exit);
        }
    }

    private void awaitAnswer() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("S3Proxy exited " + process.exitValue() + ":\n" + log());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                HttpURLConnection c = (HttpURLConnection) endpoint().toURL().openConnection();
                c.setConnectTimeout(1000);
                c.setReadTimeout(2000);
                c.getResponseCode(); // any answer (403 unsigned) means it serves
                c.disconnect();
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        close();
        throw new IOException("S3Proxy did not answer on port " + port + " within 60 s:\n" + log());
    }
}
