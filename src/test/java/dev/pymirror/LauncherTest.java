package dev.pymirror;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.testing.BuiltLauncher;
import dev.pymirror.testing.ServeJvmOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./pymirror} launcher on what a fresh clone has: sources and no jar, with Java 17 first
 * on PATH and JAVA_HOME unset. It must find a Java 21+ by itself, build, and rebuild only when the
 * sources change.
 */
@Tag("slow")
class LauncherTest {

    @TempDir
    Path clone;

    @Test
    void buildsOnFirstRunFindsJava21AndRebuildsOnlyWhenSourcesChange() throws Exception {
        copyCheckout(Path.of("").toAbsolutePath(), clone);

        Result first = launch("--version");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.stderr()).contains("building target/pymirror.jar");
        assertThat(first.stdout()).startsWith("pymirror ");
        int feature = Integer.parseInt(first.stdout().replaceAll("(?s).*\\bJava (\\d+).*", "$1"));
        assertThat(feature).isGreaterThanOrEqualTo(21);

        Result second = launch("--help");
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.stderr()).doesNotContain("building");
        assertThat(second.stdout()).contains("Usage: pymirror");

        Path main = clone.resolve("src/main/java/dev/pymirror/cli/Main.java");
        Files.setLastModifiedTime(main, FileTime.from(Instant.now().plusSeconds(5)));
        Path archive = clone.resolve("target/pymirror-cli.jsa");
        assertThat(archive).exists(); // the class data archive, written by the first run
        Result third = launch("--version");
        assertThat(third.exitCode()).as(third.toString()).isZero();
        assertThat(third.stderr()).contains("building");
        // The JVM would neither use nor rewrite the archive of the old jar: the launcher replaced it.
        assertThat(Files.getLastModifiedTime(archive))
                .isGreaterThanOrEqualTo(Files.getLastModifiedTime(clone.resolve("target/pymirror.jar")));
    }

    @Test
    void skipsAJavaTooOldAndSaysWhenNoneFits() throws Exception {
        Files.copy(Path.of("pymirror"), clone.resolve("pymirror"));
        Files.createDirectories(clone.resolve("scripts"));
        Files.copy(Path.of("scripts/find-java"), clone.resolve("scripts/find-java"));
        // A "java" that claims to be 17, first on PATH; no JDK folders to search.
        Path bin = Files.createDirectories(clone.resolve("bin"));
        Path fake = bin.resolve("java");
        Files.writeString(fake, "#!/bin/sh\necho '    java.specification.version = 17' >&2\n");
        fake.toFile().setExecutable(true);
        Path noJdks = Files.createDirectories(clone.resolve("no-jdks"));

        ProcessBuilder pb = new ProcessBuilder(clone.resolve("pymirror").toString(), "--version");
        pb.environment().remove("JAVA_HOME");
        pb.environment().put("PATH", bin + ":/usr/bin:/bin");
        pb.environment().put("PYMIRROR_JDK_DIRS", noJdks.toString());
        Result tooOld = run(pb);
        assertThat(tooOld.exitCode()).isEqualTo(1);
        assertThat(tooOld.stderr()).contains("no Java 21 or newer found");

        // The same, with a real JDK 21+ in the folders searched: that one is chosen over PATH's 17.
        Path jdks = Path.of(System.getProperty("java.home")).getParent();
        pb.environment().put("PYMIRROR_JDK_DIRS", jdks.toString());
        pb.command().set(1, "--help"); // no jar here: the launcher must say so, having found Java
        Result found = run(pb);
        assertThat(found.stderr()).doesNotContain("no Java").contains("target/pymirror.jar is missing");
    }

    @Test
    void findsAJdkByItsReleaseFileWithoutStartingIt() throws Exception {
        // A JDK folder whose java would fail if started: its release file must be enough to choose it.
        Path jdk = Files.createDirectories(clone.resolve("jdks/jdk-21.0.2/bin"));
        Path marker = clone.resolve("started");
        Path java = jdk.resolve("java");
        Files.writeString(java, "#!/bin/sh\ntouch '" + marker + "'\nexit 1\n");
        java.toFile().setExecutable(true);
        Files.writeString(jdk.getParent().resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"21.0.2\"\n");
        // And one that says 17: skipped without being started either.
        Path old = Files.createDirectories(clone.resolve("jdks/jdk-17/bin"));
        Files.copy(java, old.resolve("java"));
        Files.writeString(old.getParent().resolve("release"), "JAVA_VERSION=\"17.0.9\"\n");

        ProcessBuilder pb = new ProcessBuilder(Path.of("scripts/find-java").toAbsolutePath().toString(), "21");
        pb.environment().remove("JAVA_HOME");
        // A PATH with the tools the script uses and no java of its own.
        Path tools = Files.createDirectories(clone.resolve("tools"));
        for (String tool : List.of("bash", "readlink", "sed", "head", "dirname")) {
            Files.createSymbolicLink(tools.resolve(tool), Path.of("/usr/bin", tool).toRealPath());
        }
        pb.environment().put("PATH", tools.toString());
        pb.environment().put("PYMIRROR_JDK_DIRS", clone.resolve("jdks").toString());
        Result found = run(pb);
        assertThat(found.exitCode()).as(found.toString()).isZero();
        assertThat(found.stdout().trim()).isEqualTo(java.toString());
        assertThat(marker).doesNotExist();

        pb.command().set(1, "25");
        Result tooOld = run(pb);
        assertThat(tooOld.exitCode()).isEqualTo(1);
        assertThat(tooOld.stderr()).contains("no Java 25 or newer found");
        assertThat(marker).doesNotExist();
    }

    @Test
    void runsWithAnEmptyEnvironment() throws Exception {
        // What systemd, cron and `env -i` give: no HOME, no PATH, no USER, no TMPDIR, no locale.
        // The jar (and its lib/) is the one this build made; without a pom.xml beside it the launcher only runs it.
        Files.copy(Path.of("pymirror"), clone.resolve("pymirror"));
        Files.createDirectories(clone.resolve("scripts"));
        Files.copy(Path.of("scripts/find-java"), clone.resolve("scripts/find-java"));
        Files.createDirectories(clone.resolve("target/lib"));
        Files.copy(Path.of("target/pymirror.jar"), clone.resolve("target/pymirror.jar"));
        try (Stream<Path> libs = Files.list(Path.of("target/lib"))) {
            for (Path lib : (Iterable<Path>) libs::iterator) {
                Files.copy(lib, clone.resolve("target/lib").resolve(lib.getFileName().toString()));
            }
        }

        ProcessBuilder pb = new ProcessBuilder(clone.resolve("pymirror").toString(), "--help");
        pb.environment().clear();
        pb.directory(clone.toFile());
        Result help = run(pb);
        assertThat(help.exitCode()).as(help.toString()).isZero();
        assertThat(help.stderr()).as(help.toString()).isEmpty();
        assertThat(help.stdout()).contains("Usage: pymirror");
    }

    @Test
    void serveStartsFromTheAotCacheAndSaysNothingOfOneTheJvmCannotTake() throws Exception {
        cloneWithTheBuildsAotCache();
        // With AOTMode=on the JVM refuses to start unless it takes the cache the launcher names, and
        // -Xlog:aot (after the launcher's -Xlog:aot=off) says it opened it.
        Result taken = serveHelp("-XX:AOTMode=on -Xlog:aot=info");
        assertThat(taken.exitCode()).as(taken.toString()).isZero();
        assertThat(taken.stdout()).as(taken.toString()).contains("Opened AOT cache " + clone.resolve("target/pymirror.aot"))
                // The build trained it with serve's own options (the JVM logs the heap it was made with).
                .contains("created with max heap size = " + ServeJvmOptions.ofCheckout().maxHeap());
        // The launcher's own options for serve (serial collector, small heap) keep the cache usable:
        // the JVM reads JAVA_TOOL_OPTIONS besides the command line, and says so.
        ProcessBuilder own = new ProcessBuilder(clone.resolve("pymirror").toString(), "serve", "--help");
        own.environment().clear();
        // class+load says where each class came from: -XX:AOTMode=on alone also passes when no cache is
        // named at all, and the launcher's -Xlog:aot=off silences the aot tag.
        own.environment().put("JAVA_TOOL_OPTIONS", "-XX:AOTMode=on -Xlog:class+load=info -XX:+PrintVMOptions");
        own.directory(clone.toFile());
        Result withOwnOptions = run(own);
        assertThat(withOwnOptions.exitCode()).as(withOwnOptions.toString()).isZero();
        assertThat(withOwnOptions.stdout()).contains("Usage: pymirror serve")
                .contains("dev.pymirror.cli.Main source: shared objects file")
                .contains(ServeJvmOptions.ofCheckout().printedVmOptions());
        // A class of a signed jar (BouncyCastle's) costs the verification of that whole jar, 0.2 s of
        // a start: none is loaded before a request needs one.
        for (String signed : signedLibraries()) {
            assertThat(withOwnOptions.stdout()).as("classes loaded at start from %s", signed).doesNotContain(signed);
        }

        // A jar changed after the cache was made (its time differs from the one the stamp holds), and
        // still older than the cache: JDK 25 would take the cache without a word (JDK-8377932) and run
        // its classes, so the launcher does not name it...
        Path jar = clone.resolve("target/pymirror.jar");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 2000));
        Result notNamed = serveHelp("-Xlog:aot=info");
        assertThat(notNamed.exitCode()).as(notNamed.toString()).isZero();
        assertThat(notNamed.stdout()).as(notNamed.toString()).doesNotContain("Opened AOT cache");
        // ...and, by default, starts without it and says nothing of it.
        Result quiet = serveHelp(null);
        assertThat(quiet.exitCode()).as(quiet.toString()).isZero();
        assertThat(quiet.stderr()).as(quiet.toString()).isEmpty();
        assertThat(quiet.stdout()).contains("Usage: pymirror serve");

        // A jar newer than the cache: not named either.
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(5)));
        Result stale = serveHelp("-Xlog:aot=info");
        assertThat(stale.exitCode()).as(stale.toString()).isZero();
        assertThat(stale.stdout()).as(stale.toString()).doesNotContain("Opened AOT cache");
        assertThat(stale.stderr()).as(stale.toString()).isEmpty();
    }

    @Test
    void serveSaysSoWhenItsOptionsFileIsMissing() throws Exception {
        cloneWithTheBuildsAotCache();
        Files.delete(clone.resolve("src/main/launcher/serve-jvm.options"));
        Result missing = serveHelp(null);
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(1);
        assertThat(missing.stderr()).as(missing.toString())
                .isEqualTo("pymirror: " + clone.resolve("src/main/launcher/serve-jvm.options")
                        + " is missing: serve's options come from it\n");
        // PYMIRROR_JAVA_OPTS replaces the list, so it does not need the file.
        Result replaced = serveHelp("-Xmx64m");
        assertThat(replaced.exitCode()).as(replaced.toString()).isZero();
        assertThat(replaced.stdout()).contains("Usage: pymirror serve");
    }

    @Test
    void serveNamesNoAotCacheOnceALibraryJarIsNotTheOneItWasMadeFrom() throws Exception {
        cloneWithTheBuildsAotCache();
        assertThat(serveHelp("-Xlog:aot=info").stdout()).contains("Opened AOT cache");
        // Another build of a library under the same name, older than the cache, as a copy keeping
        // its time would leave it: the launcher starts without the cache.
        Path picocli;
        try (Stream<Path> libs = Files.list(clone.resolve("target/lib"))) {
            picocli = libs.filter(p -> p.getFileName().toString().startsWith("picocli-")).findFirst().orElseThrow();
        }
        Files.write(picocli, new byte[] {0}, StandardOpenOption.APPEND);
        Files.setLastModifiedTime(picocli, FileTime.fromMillis(0));
        Result other = serveHelp("-Xlog:aot=info");
        assertThat(other.exitCode()).as(other.toString()).isZero();
        assertThat(other.stdout()).as(other.toString()).doesNotContain("Opened AOT cache").contains("Usage: pymirror serve");
    }

    /** The launcher as this build left it, with its AOT cache (see {@link BuiltLauncher}). */
    private void cloneWithTheBuildsAotCache() throws IOException {
        BuiltLauncher.copyTo(clone);
    }

    /** The names of the jars in target/lib that carry a signature (a META-INF/*.SF entry). */
    private static List<String> signedLibraries() throws IOException {
        List<String> signed = new ArrayList<>();
        try (Stream<Path> libs = Files.list(Path.of("target/lib"))) {
            for (Path lib : (Iterable<Path>) libs::iterator) {
                try (JarFile jar = new JarFile(lib.toFile(), false)) {
                    if (jar.stream().anyMatch(e -> e.getName().startsWith("META-INF/") && e.getName().endsWith(".SF"))) {
                        signed.add(lib.getFileName().toString());
                    }
                }
            }
        }
        assertThat(signed).as("BouncyCastle's jar is signed; were none, this check would check nothing")
                .anyMatch(name -> name.startsWith("bcprov"));
        return signed;
    }

    private Result serveHelp(String javaOptions) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(clone.resolve("pymirror").toString(), "serve", "--help");
        pb.environment().clear();
        if (javaOptions != null) {
            pb.environment().put("PYMIRROR_JAVA_OPTS", javaOptions);
        }
        pb.directory(clone.toFile());
        return run(pb);
    }

    private Result launch(String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder();
        pb.command().add(clone.resolve("pymirror").toString());
        pb.command().addAll(List.of(args));
        pb.directory(clone.toFile());
        Map<String, String> env = pb.environment();
        // As a service or a cron job starts it: no HOME (the build must still find Maven's files
        // under the user's home), no JAVA_HOME, nothing but a PATH.
        env.clear();
        // Debian's default Java (17) first, as on a fresh machine of this kind.
        Path java17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64/bin");
        env.put("PATH", (Files.isDirectory(java17) ? java17 + ":" : "") + "/usr/bin:/bin");
        return run(pb);
    }

    private static Result run(ProcessBuilder pb) throws Exception {
        Path out = Files.createTempFile("launcher", ".out");
        Path err = Files.createTempFile("launcher", ".err");
        try {
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = pb.start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("launcher did not finish in 5 minutes");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static void copyCheckout(Path from, Path to) throws IOException {
        for (String entry : List.of("pymirror", "scripts", "mvnw", "pom.xml", ".mvn", "src/main", "src/build")) {
            Path source = from.resolve(entry);
            try (Stream<Path> walk = Files.walk(source)) {
                for (Path p : (Iterable<Path>) walk::iterator) {
                    Path target = to.resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(target);
                    } else {
                        Files.createDirectories(target.getParent());
                        Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
        }
    }

    private record Result(int exitCode, String stdout, String stderr) {}
}
