package dev.pymirror;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.simple.JsonCodec;
import dev.pymirror.simple.ProjectFile;
import dev.pymirror.testing.ClientProjects;
import dev.pymirror.testing.DebianRoot;
import dev.pymirror.testing.Flit;
import dev.pymirror.testing.IndexPath;
import dev.pymirror.testing.IndexPath.Encoding;
import dev.pymirror.testing.IndexPaths;
import dev.pymirror.testing.Installation;
import dev.pymirror.testing.Installer;
import dev.pymirror.testing.PipInstaller;
import dev.pymirror.testing.PymirrorProcess;
import dev.pymirror.testing.Sdist;
import dev.pymirror.testing.ToolRun;
import dev.pymirror.testing.Twine;
import dev.pymirror.testing.Wheel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

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
    /** The Debian root for pymirror run, made on first use and shared by its cells. */
    Path root;
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
        try {
            if (paths != null) {
                paths.close();
            }
        } finally {
            if (root != null) {
                // Not through a mount that a failed eject left: --one-file-system.
                new ProcessBuilder("rm", "-rf", "--one-file-system", root.getParent().toString()).inheritIO().start()
                        .waitFor();
            }
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
        String expectedType = installer.expectedPageType(path);
        assertThat(result.pageTypes()).as("the Content-Types of the pages pip read").containsExactly(expectedType);
        if (paths.throughNginx(path)) {
            // nginx's own word for what it gave: the project's pages on this path, in this encoding only.
            assertThat(paths.nginxLog(path, "flask-like")).isNotEmpty()
                    .allSatisfy(line -> assertThat(line).matches(".* 200 " + Pattern.quote(expectedType) + "(;.*)?"));
        }
    }

    /**
     * pip inside {@code pymirror run}: a debootstrapped Debian 12 root, the synced tree mounted at
     * /tmp/pypi and pip pointed at {@code file:///tmp/pypi} by what {@code inject} wrote, which pip
     * reads as HTML. Debian's pip is the root's own; pip 26 runs from its wheel copied into the
     * root (the root has no python3-venv), as {@code python3 pip.whl/pip}, which pip supports.
     */
    @ParameterizedTest(name = "{0} inside pymirror run")
    @ValueSource(strings = {"pip 23.0.1 (Debian)", "pip 26.2.1"})
    void pipInsidePymirrorRunInstallsFromTheMountedTree(String client) throws Exception {
        if (root == null) {
            root = DebianRoot.extractTo(Files.createTempDirectory("client-matrix-root").resolve("root"));
            Files.copy(PipInstaller.NEWEST_WHEEL, Files.createDirectories(root.resolve("opt"))
                    .resolve(PipInstaller.NEWEST_WHEEL.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        boolean debian = client.startsWith("pip 23");
        String site = debian ? "/opt/site-23" : "/opt/site-26";
        List<String> args = new ArrayList<>(List.of("run", "--root", root.toString(), "--mirror",
                paths.tree().toString(), "--offline", "--break-system-packages", "--", "python3"));
        args.addAll(debian ? List.of("-m", "pip") : List.of("/opt/" + PipInstaller.NEWEST_WHEEL.getFileName() + "/pip"));
        args.addAll(List.of("-vv", "install", "--no-cache-dir", "--target", site));
        args.addAll(ClientProjects.REQUIREMENTS);
        Map<String, String> env = new HashMap<>(System.getenv());
        // Not this machine's mirror cache: only the tree this test names is mounted.
        env.put("DIB_IMAGE_CACHE", dir.resolve("no-image-cache").toString());

        PymirrorProcess.Result r = PymirrorProcess.run(dir.resolve("run-logs"), env, 10, args.toArray(String[]::new));

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("Using " + client.replaceAll(" \\(Debian\\)", "") + " from ")
                .contains("Looking in indexes: file:///tmp/pypi\n");
        assertThat(Installation.distributionsIn(root.resolve(site.substring(1)))).isEqualTo(ClientProjects.EXPECTED);
        assertThat(PipInstaller.pageTypes(r.stdout() + r.stderr())).containsExactly(HTML);
    }

    /**
     * The upload clients put a project whose metadata Name is not normalized on a hosted index
     * with the legacy upload API: twine a wheel and an sdist built here, {@code flit publish} the
     * wheel and sdist it builds itself (flit 3.8 names the wheel after the module,
     * {@code flit_up-0.3-...}, and the sdist after the Name, {@code Flit.Up-0.3.tar.gz}). Then both
     * pips install it from there, as JSON and as HTML.
     */
    @ParameterizedTest(name = "{0} uploads to a hosted index")
    @ValueSource(strings = {"twine 4.0.2", "flit 3.8 publish"})
    void uploadsToAHostedIndexThatEveryPipInstallsFrom(String uploader) throws Exception {
        Path work = Files.createDirectories(dir.resolve("upload-" + cells.incrementAndGet()));
        Path home = Files.createDirectories(work.resolve("home"));
        String url = paths.uploadUrl("uploads");
        String project;
        String version;
        String typed;
        List<String> uploaded = new ArrayList<>();
        ToolRun up;
        if (uploader.startsWith("twine")) {
            project = "twine-up";
            version = "1.0";
            typed = "TWINE_UP";
            Wheel wheel = Wheel.of("Twine.Up", version).build();
            Sdist sdist = Sdist.of("Twine.Up", version).build();
            Path dist = Files.createDirectories(work.resolve("dist"));
            up = new Twine(home).upload(url, IndexPaths.USER, IndexPaths.PASSWORD,
                    Files.write(dist.resolve(wheel.filename()), wheel.bytes()),
                    Files.write(dist.resolve(sdist.filename()), sdist.bytes()));
            uploaded.addAll(List.of(wheel.filename(), sdist.filename()));
            assertThat(up.ok()).as(up.toString()).isTrue();
        } else {
            project = "flit-up";
            version = "0.3";
            typed = "flit.up";
            Path source = Flit.project(work.resolve("flit-up"), "Flit.Up", version, "flit_up");
            up = new Flit(home).publish(source, url, IndexPaths.USER, IndexPaths.PASSWORD);
            assertThat(up.ok()).as(up.toString()).isTrue();
            try (var built = Files.list(source.resolve("dist"))) {
                built.map(p -> p.getFileName().toString()).forEach(uploaded::add);
            }
            assertThat(uploaded).containsExactlyInAnyOrder("flit_up-0.3-py3-none-any.whl", "Flit.Up-0.3.tar.gz");
        }

        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(paths.simpleUrl("uploads") + project + "/")).header("Accept", JSON).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(JsonCodec.INSTANCE.readProjectPage(page.body(), URI.create(paths.simpleUrl("uploads")))
                .files().stream().map(ProjectFile::filename).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(uploaded);
        for (Installer installer : installers) {
            for (IndexPath path : List.of(
                    new IndexPath(IndexPath.Kind.HOSTED, Encoding.NEGOTIATED, paths.simpleUrl("uploads")),
                    new IndexPath(IndexPath.Kind.HOSTED, Encoding.HTML, paths.htmlSimpleUrl("uploads")))) {
                Installation result = installer.install(path, List.of(typed),
                        Files.createDirectories(dir.resolve("cell-" + cells.incrementAndGet())));
                assertThat(result.run().ok()).as(installer + " on " + path + ": " + result.run()).isTrue();
                assertThat(result.installed()).as(installer + " on " + path).isEqualTo(Map.of(project, version));
                assertThat(result.pageTypes()).as(installer + " on " + path)
                        .containsExactly(installer.expectedPageType(path));
            }
        }
    }
}
