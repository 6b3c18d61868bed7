package dev.pymirror.inject;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.testing.AptSources;
import dev.pymirror.testing.DebianRoot;
import dev.pymirror.testing.StaticMirror;
import dev.pymirror.testing.Wheel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The element with the real diskimage-builder (Debian's python3-diskimage-builder), as root:
 * {@code disk-image-create -t tar debian-minimal pypi-mirror <test element>} builds an image in
 * which the test element's {@code pip install} took a package and its dependency from the mirror,
 * and which holds no configuration pymirror wrote. Takes several minutes (debootstrap and apt
 * inside diskimage-builder; its debootstrap tarball is cached under ~/.cache/pymirror-tests).
 */
@Tag("slow")
class DiskImageBuilderTest {

    @TempDir
    Path dir;

    @Test
    void buildsAnImageWhosePipUsedTheMirrorAndThatCarriesNoTraceOfIt() throws Exception {
        Path repo = Path.of("").toAbsolutePath();
        Path mirror = StaticMirror.write(dir.resolve("mirror"),
                Wheel.of("acme-app", "1.0").requires("acme-lib>=1.0,<2").build(),
                Wheel.of("acme-lib", "1.5").build(),
                Wheel.of("acme-lib", "2.0").build());
        String suite = AptSources.machineSuite();
        AptSources sources = AptSources.machine();

        // A clean environment: this machine's PIP_* variables would reach pip in the chroot (sudo -E).
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("HOME", System.getProperty("user.home"));
        env.put("LANG", "C.UTF-8");
        // With -Prelease, pymirror as installed from the release: its own runtime, its copy of the
        // element, found on PATH as a package puts it there. Otherwise the checkout's launcher.
        String release = System.getProperty("pymirror.release");
        Path elements = release != null ? Path.of(release, "elements") : repo.resolve("elements");
        if (release != null) {
            for (String d : env.get("PATH").split(":")) {
                assertThat(Path.of(d, "pymirror")).as("no other pymirror on PATH for the element to find").doesNotExist();
            }
            env.put("PATH", Path.of(release, "bin") + ":" + env.get("PATH"));
        } else {
            env.put("JAVA_HOME", System.getProperty("java.home"));
            env.put("PYMIRROR", repo.resolve("pymirror").toString());
        }
        env.put("ELEMENTS_PATH", elements + ":" + repo.resolve("src/test/dib-elements"));
        env.put("DIB_RELEASE", suite);
        env.put("DIB_DISTRIBUTION_MIRROR", sources.mirrorFor(suite));
        env.put("DIB_APT_SOURCES_CONF", sources.forRelease(suite).stream()
                .map(e -> e.suite() + ":deb " + e.uri() + " " + e.suite() + " " + String.join(" ", e.components()))
                .collect(Collectors.joining("\n")));
        env.put("DIB_IMAGE_CACHE", DebianRoot.cacheDirectory().resolve("dib-image-cache").toString());
        env.put("DIB_DEBOOTSTRAP_CACHE", "1");
        env.put("DIB_DEBIAN_USE_DEBOOTSTRAP_CACHE", "1");
        env.put("DIB_NO_TMPFS", "1");
        env.put("PYMIRROR_MIRROR_DIR", mirror.toString());
        env.put("PYMIRROR_BREAK_SYSTEM_PACKAGES", "1");
        env.put("DIB_PYPI_MIRROR_URL", "file:///tmp/pypi");
        env.put("DIB_NO_PYPI_PIP", "1");
        env.put("DIB_PIP_RETRIES", "0");

        Path image = dir.resolve("out/image");
        Files.createDirectories(image.getParent());
        Path log = repo.resolve("target/disk-image-create.log");
        List<String> command = List.of("disk-image-create", "-t", "tar", "-o", image.toString(),
                "debian-minimal", "pypi-mirror", "pymirror-test-pip-install");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().clear();
        pb.environment().putAll(env);
        Process build = pb.start();
        if (!build.waitFor(40, TimeUnit.MINUTES)) {
            build.destroyForcibly();
            throw new AssertionError("disk-image-create did not finish in 40 minutes; see " + log);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(build.exitValue()).as("disk-image-create exit; its log is " + log + "\n" + tail(output)).isZero();

        // pymirror ran at both ends, and pip in the image read the mirror.
        assertThat(output).contains("injected ").contains("  mounted " + mirror + " at tmp/pypi (read-only)")
                .contains("ejected ").contains("acme-app 1.0 acme-lib 1.5");
        Path tar = dir.resolve("out/image.tar");
        List<String> entries = run("tar", "-tf", tar.toString()).lines()
                .map(e -> e.startsWith("./") ? e.substring(2) : e).toList();
        assertThat(entries).anyMatch(e -> e.matches("usr/local/lib/python3[.0-9]*/dist-packages/acme_app/__init__.py"));
        assertThat(entries).anyMatch(e -> e.matches("usr/local/lib/python3[.0-9]*/dist-packages/acme_lib-1.5.dist-info/METADATA"));
        assertThat(run("tar", "-xOf", tar.toString(), "./root/pip-config-during-build.txt"))
                .contains("global.index-url='file:///tmp/pypi'")
                .contains("global.break-system-packages='true'");

        // No trace of pymirror: none of its files, no record, no mount point.
        List<String> traces = new ArrayList<>();
        for (String e : entries) {
            String path = e.endsWith("/") ? e.substring(0, e.length() - 1) : e;
            if (path.equals("etc/pip.conf") || path.startsWith("etc/uv") || path.equals("root/.pydistutils.cfg")
                    || path.startsWith("root/.config/pip") || path.startsWith("root/.pip")
                    || path.startsWith("var/lib/pymirror") || path.equals("tmp/pypi")) {
                traces.add(path);
            }
        }
        assertThat(traces).as("pymirror's files left in the image").isEmpty();
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", command) + "\n" + out).isZero();
        return out;
    }

    private static String tail(String text) {
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
}
