package dev.pymirror.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * A copy of this checkout's {@code ./pymirror} as the build left it, for tests that run the
 * launcher somewhere they may change: the launcher, what it reads ({@code scripts/find-java}, serve's
 * options), the jar, its lib/ and the AOT cache and stamp, with their times (the launcher names the
 * cache only while the jars' sizes and times are those its stamp holds). No pom.xml: the copy never
 * builds.
 */
public final class BuiltLauncher {

    private BuiltLauncher() {}

    /** Copies it into {@code dir}; returns the launcher's path there. */
    public static Path copyTo(Path dir) throws IOException {
        copy(Path.of("pymirror"), dir.resolve("pymirror"));
        copy(Path.of("scripts/find-java"), dir.resolve("scripts/find-java"));
        copy(Path.of("src/main/launcher/serve-jvm.options"), dir.resolve("src/main/launcher/serve-jvm.options"));
        for (String file : List.of("pymirror.jar", "pymirror.aot", "pymirror.aot.stamp")) {
            copy(Path.of("target", file), dir.resolve("target").resolve(file));
        }
        try (Stream<Path> libs = Files.list(Path.of("target/lib"))) {
            for (Path lib : (Iterable<Path>) libs::iterator) {
                copy(lib, dir.resolve("target/lib").resolve(lib.getFileName().toString()));
            }
        }
        return dir.resolve("pymirror");
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
    }
}
