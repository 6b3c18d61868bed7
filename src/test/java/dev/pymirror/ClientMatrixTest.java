package dev.pymirror;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.testing.ClientProjects;
import dev.pymirror.testing.IndexPath;
import dev.pymirror.testing.IndexPath.Encoding;
import dev.pymirror.testing.IndexPaths;
import dev.pymirror.testing.Installation;
import dev.pymirror.testing.Installer;
import dev.pymirror.testing.PipInstaller;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The client matrix: every real client against every path to the index ({@link IndexPaths}: the
 * caching proxy, a hosted index, a group, the synced tree served by {@code serve}, over
 * {@code file://} and by nginx), in every encoding the path gives it, installing
 * {@link ClientProjects}: metadata Names that are not normalized, typed in other spellings, an
 * extra and markers. One server, one tree and one nginx serve every cell.
 */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientMatrixTest {

    static final String JSON = "application/vnd.pypi.simple.v1+json";
    static final String HTML = "text/html";

    Path dir;
    IndexPaths paths;
    List<Installer> installers;
    final AtomicInteger cells = new AtomicInteger();

    @BeforeAll
    void start(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        paths = IndexPaths.start(dir.resolve("paths"));
        installers = List.of(PipInstaller.debian(), PipInstaller.newest(Files.createDirectories(dir.resolve("clients"))));
    }

    @AfterAll
    void stop() throws Exception {
        if (paths != null) {
            paths.close();
        }
    }

    Stream<Arguments> installCells() {
        List<Arguments> cells = new ArrayList<>();
        for (Installer installer : installers) {
            for (IndexPath path : paths.all()) {
                cells.add(Arguments.of(installer, path));
            }
        }
        return cells.stream();
    }

    /**
     * Both pips install the same set on every path. On a negotiated path they ask for JSON and get
     * it (pip 22.2 and later prefer it); on the others they read HTML, which is where pip 23.0 acted
     * on the legacy {@code data-dist-info-metadata} attribute and refused every metadata Name that
     * differs from the name typed.
     */
    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("installCells")
    void installsEveryProjectWithItsExtraAndNoMarkerFalseDependency(Installer installer, IndexPath path) throws Exception {
        Path work = Files.createDirectories(dir.resolve("cell-" + cells.incrementAndGet()));
        Installation result = installer.install(path, ClientProjects.REQUIREMENTS, work);

        assertThat(result.run().ok()).as(result.run().toString()).isTrue();
        assertThat(result.installed()).isEqualTo(ClientProjects.EXPECTED);
        String expectedType = path.encoding() == Encoding.HTML ? HTML : JSON;
        assertThat(result.pageTypes()).as("the Content-Types of the pages pip read").containsExactly(expectedType);
        if (paths.throughNginx(path)) {
            // nginx's own word for what it gave: the project's pages on this path, in this encoding only.
            assertThat(paths.nginxLog(path, "flask-like")).isNotEmpty()
                    .allSatisfy(line -> assertThat(line).matches(".* 200 " + Pattern.quote(expectedType) + "(;.*)?"));
        }
    }
}
