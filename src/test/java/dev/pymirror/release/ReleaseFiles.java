package dev.pymirror.release;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** What {@code ./mvnw -Prelease package} leaves in target/, for the tests of the release. */
final class ReleaseFiles {

    private ReleaseFiles() {}

    /** The Debian package, {@code target/pymirror_VERSION_ARCH.deb}. */
    static Path debianPackage() throws IOException {
        return one("pymirror_", ".deb");
    }

    /** The archive, {@code target/pymirror-VERSION-linux-ARCH.tar.gz}. */
    static Path archive() throws IOException {
        return one("pymirror-", ".tar.gz");
    }

    private static Path one(String prefix, String suffix) throws IOException {
        Path target = Path.of("target").toAbsolutePath();
        List<Path> found;
        try (Stream<Path> files = Files.list(target)) {
            found = files.filter(p -> p.getFileName().toString().startsWith(prefix)
                    && p.getFileName().toString().endsWith(suffix)).toList();
        }
        if (found.size() != 1) {
            throw new IllegalStateException("expected one " + prefix + "*" + suffix + " in " + target + ", found " + found
                    + ": the release tests run after ./mvnw -Prelease package (./mvnw -Prelease verify)");
        }
        return found.get(0);
    }
}
