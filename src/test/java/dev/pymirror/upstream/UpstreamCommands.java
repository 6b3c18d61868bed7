package dev.pymirror.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.testing.PymirrorProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The real {@code pymirror} commands that reach an upstream, run as processes under a test's folder
 * with only the variables a test gives (beside PATH and HOME): {@code sync} of the test index's
 * {@code app}, through the blocking client, and {@code inject}'s probe of an index URL, through
 * {@code java.net.http}, so that a test of the network's setting (a proxy, TLS trust) covers both.
 */
final class UpstreamCommands {

    private final Path dir;
    private int roots;

    UpstreamCommands(Path dir) {
        this.dir = dir;
    }

    /** {@code pymirror sync} of {@code app} from {@code upstreamUrl} into {@code dir/output}, no retries. */
    PymirrorProcess.Result sync(Map<String, String> variables, String upstreamUrl, String output) throws Exception {
        return run(variables, "sync", "--python-version", "3.12", "--platform", "manylinux_2_28_x86_64",
                "--upstream", upstreamUrl, "--retries", "0", "app", "--output", dir.resolve(output).toString(), "-q");
    }

    /**
     * {@code pymirror inject} of {@code indexUrl} into a fresh image root, then {@code eject}: the
     * probe warns on stderr when the URL answers as a server's root rather than an index, and says
     * nothing when it reaches nothing.
     */
    PymirrorProcess.Result probe(Map<String, String> variables, String indexUrl) throws Exception {
        Path root = dir.resolve("root-" + ++roots);
        for (String d : new String[] {"etc", "root", "tmp", "var/lib"}) {
            Files.createDirectories(root.resolve(d));
        }
        PymirrorProcess.Result injected = run(variables, "inject", "--root", root.toString(), "--no-mirror", "--offline",
                "--index-url", indexUrl);
        assertThat(run(Map.of(), "eject", "--root", root.toString()).exitCode()).isZero();
        return injected;
    }

    PymirrorProcess.Result run(Map<String, String> variables, String... args) throws IOException, InterruptedException {
        Map<String, String> environment = new HashMap<>(variables);
        environment.put("PATH", System.getenv("PATH"));
        environment.put("HOME", dir.toString());
        environment.put("DIB_IMAGE_CACHE", dir.resolve("no-cache").toString()); // not this machine's mirror
        return PymirrorProcess.run(dir.resolve("run"), environment, 5, args);
    }
}
