package dev.pymirror.cli;

import dev.pymirror.testing.TestIndexServer;
import dev.pymirror.testing.Wheel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A bundle as a build host makes it for a site: project {@code app} synced from an upstream on
 * 127.0.0.1 (stopped once synced, so that the site can reach nothing but the bundle) and signed with
 * a key made for it; the site imports {@code file} trusting the public key {@code trust}.
 */
record SignedBundle(Path file, String trust) {

    /** Under {@code dir}: the keys, the build host's tree of {@code app} out of {@code wheels}, the bundle. */
    static SignedBundle make(Path dir, Wheel... wheels) throws IOException {
        Path keys = dir.resolve("keys");
        BundleServerTest.ok("bundle", "keygen", "--out", keys.toString());
        Path tree = dir.resolve("build-host/mirror");
        Path bundle = dir.resolve("transfer/app.bundle");
        Files.createDirectories(bundle.getParent());
        try (TestIndexServer upstream = TestIndexServer.start()) {
            upstream.add(wheels);
            BundleAirGapTest.sync(upstream, tree);
        }
        BundleServerTest.ok("bundle", "create", "--from", tree.toString(), "--key",
                keys.resolve("pymirror-bundle.key").toString(), "--out", bundle.toString());
        return new SignedBundle(bundle, keys.resolve("pymirror-bundle.pub").toString());
    }
}
