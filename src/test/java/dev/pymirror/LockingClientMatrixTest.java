package dev.pymirror;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.sync.MirrorSync;
import dev.pymirror.sync.SyncListener;
import dev.pymirror.sync.SyncRequest;
import dev.pymirror.sync.download.RetryPolicy;
import dev.pymirror.sync.resolve.InstallTarget;
import dev.pymirror.sync.resolve.SdistPolicy;
import dev.pymirror.testing.ClientProjects;
import dev.pymirror.testing.IndexPath;
import dev.pymirror.testing.IndexPath.Encoding;
import dev.pymirror.testing.IndexPath.Kind;
import dev.pymirror.testing.IndexPaths;
import dev.pymirror.testing.Installation;
import dev.pymirror.testing.LockingClient;
import dev.pymirror.testing.Pdm;
import dev.pymirror.testing.Pipenv;
import dev.pymirror.testing.Poetry;
import dev.pymirror.testing.StaticIndexServer;
import dev.pymirror.testing.ToolRun;
import dev.pymirror.testing.Twine;
import dev.pymirror.testing.Wheel;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The client matrix for the clients that lock a project before they install it: Debian 12's
 * poetry 1.3.2, pdm 2.2.1 and pipenv 2022.12.19, each against every path of {@link IndexPaths},
 * locking and installing {@link ClientProjects} (metadata Names that are not normalized, typed in
 * other spellings, an extra, markers false on Linux), reading JSON or HTML as each asks and as
 * each path gives (nginx's log says which, where nginx serves or stands in front).
 *
 * <p>poetry and pdm lock for every platform at once: they need the projects behind markers that
 * are false here too ({@code win-only}), so every index holds it and the tree is synced for Linux
 * and Windows. What a tree synced for Linux alone does to them, and what each client cannot do
 * for reasons of its own, has a test of its own below, named for that behaviour.
 */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LockingClientMatrixTest {

    static final InstallTarget WINDOWS = InstallTarget.of("3.11", "win_amd64", "cp", List.of());
    /** Behind {@code sys_platform == "win32"} in {@link ClientProjects#FLASK_LIKE}: locked, never installed here. */
    static final Wheel WIN_ONLY = Wheel.of("win-only", "1.0").build();

    Path dir;
    IndexPaths paths;
    final AtomicInteger cells = new AtomicInteger();

    @BeforeAll
    void start(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        paths = IndexPaths.start(dir.resolve("paths"));
        paths.upstream().add(WIN_ONLY);
        Path dist = Files.createDirectories(dir.resolve("dist"));
        ToolRun up = new Twine(Files.createDirectories(dir.resolve("twine-home"))).upload(paths.uploadUrl("hosted"),
                IndexPaths.USER, IndexPaths.PASSWORD, Files.write(dist.resolve(WIN_ONLY.filename()), WIN_ONLY.bytes()));
        assertThat(up.ok()).as(up.toString()).isTrue();
        sync(paths.tree(), List.of(IndexPaths.TARGET, WINDOWS));
    }

    @AfterAll
    void stop() throws Exception {
        if (paths != null) {
            paths.close();
        }
    }

    static List<LockingClient> clients() {
        return List.of(new Poetry(), new Pdm(), new Pipenv());
    }

    Stream<Arguments> cells() {
        List<Arguments> cells = new ArrayList<>();
        for (LockingClient client : clients()) {
            for (IndexPath path : paths.all()) {
                if (!(client instanceof Poetry && path.kind() == Kind.TREE_FILE)) {
                    cells.add(Arguments.of(client, path));
                }
            }
        }
        return cells.stream();
    }

    Path work() throws Exception {
        return Files.createDirectories(dir.resolve("cell-" + cells.incrementAndGet()));
    }

    /**
     * Each client locks and installs the same set on every path: the newest version, the extra's
     * dependency, no dependency whose marker is false on Linux.
     */
    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cells")
    void locksAndInstallsEveryProjectWithItsExtraAndNoMarkerFalseDependency(LockingClient client, IndexPath path)
            throws Exception {
        Path work = work();
        int logged = paths.throughNginx(path) ? paths.nginxLog(path, "flask-like").size() : 0;
        Installation result = client.install(path, ClientProjects.REQUIREMENTS, work);

        assertThat(result.run().ok()).as(result.run().toString()).isTrue();
        assertThat(result.installed()).isEqualTo(ClientProjects.EXPECTED);
        if (paths.throughNginx(path)) {
            // nginx's own word for the encoding it gave (for the tree) or passed on (from serve).
            String expected = client.expectedPageType(path);
            // This cell's lines only (earlier cells read the same path); poetry and pdm revalidate
            // a page they read already (304) between lock and install.
            List<String> lines = paths.nginxLog(path, "flask-like");
            String page = ".* 200 " + Pattern.quote(expected) + "(;.*)?";
            assertThat(lines.subList(logged, lines.size())).anyMatch(line -> line.matches(page))
                    .allMatch(line -> line.matches(page) || line.matches(".* 304 -"));
        }
        // poetry and pdm lock the Windows-only dependency too (for another platform); pipenv locks for this one.
        String lock = Files.readString(client.lockFile(LockingClient.project(work)));
        if (client instanceof Pipenv) {
            assertThat(lock).doesNotContain("win-only");
        } else {
            assertThat(lock).contains("win-only");
        }
    }

    /** poetry 1.3 takes only http(s) sources: the synced tree as {@code file://} is not an index to it. */
    @Test
    void poetryCannotReadAFileUrlSource() throws Exception {
        Installation result = new Poetry().install(paths.get(Kind.TREE_FILE, Encoding.HTML),
                ClientProjects.REQUIREMENTS, work());

        assertThat(result.run().ok()).isFalse();
        assertThat(result.run().output()).contains("No connection adapters were found for '" + paths.tree().toUri());
    }

    /**
     * pipenv turns a source's {@code verify_ssl = false} into {@code --trusted-host HOST}, and a
     * {@code file://} URL has no host: pipenv fails with a TypeError before it asks the tree
     * anything. {@code verify_ssl = true} (what {@link Pipenv} writes) works.
     */
    @Test
    void pipenvCannotReadAFileUrlSourceWithoutSslVerification() throws Exception {
        Installation result = Pipenv.withoutSslVerification().install(paths.get(Kind.TREE_FILE, Encoding.HTML),
                ClientProjects.REQUIREMENTS, work());

        assertThat(result.run().ok()).isFalse();
        assertThat(result.run().output()).contains("TypeError: sequence item").contains("expected str instance, NoneType found");
    }

    /**
     * poetry 1.3 reads a wheel's METADATA with pkginfo 1.8, which knows metadata versions up to 2.2
     * and gives nothing for a later one: poetry locks a Metadata-Version 2.4 wheel (what current
     * build backends write) with no dependencies and installs it alone. pdm and pipenv read the same
     * wheel's dependencies through the same index.
     */
    @Test
    void poetryLocksAMetadata24WheelWithoutItsDependencies() throws Exception {
        Wheel modern = Wheel.of("Modern.Lib", "1.0").metadataVersion("2.4").requires("Dep_Lib>=2").build();
        paths.upstream().add(modern);
        IndexPath mirror = paths.get(Kind.MIRROR, Encoding.NEGOTIATED);

        Path poetryWork = work();
        Installation poetry = new Poetry().install(mirror, List.of("modern-lib"), poetryWork);
        assertThat(poetry.run().ok()).as(poetry.run().toString()).isTrue();
        assertThat(poetry.installed()).isEqualTo(Map.of("modern-lib", "1.0"));
        assertThat(Files.readString(new Poetry().lockFile(LockingClient.project(poetryWork))))
                .contains("name = \"modern-lib\"").doesNotContain("dep-lib").doesNotContain("Dep_Lib");

        for (LockingClient client : List.of(new Pdm(), new Pipenv())) {
            Installation other = client.install(mirror, List.of("modern-lib"), work());
            assertThat(other.run().ok()).as(other.run().toString()).isTrue();
            assertThat(other.installed()).as(client.name()).isEqualTo(Map.of("modern-lib", "1.0", "dep-lib", "2.0"));
        }
    }

    /**
     * poetry and pdm resolve for every platform at once, so a tree synced for Linux alone lacks a
     * project they lock ({@code win-only}, behind {@code sys_platform == "win32"}) and they refuse
     * to lock; pipenv resolves for this machine only and installs. A tree for them is synced for
     * every platform their lock covers.
     */
    @Test
    void poetryAndPdmCannotLockFromATreeSyncedForOnePlatform() throws Exception {
        Path linuxTree = dir.resolve("linux-tree");
        sync(linuxTree, List.of(IndexPaths.TARGET));
        assertThat(linuxTree.resolve("win-only")).doesNotExist();
        try (StaticIndexServer web = StaticIndexServer.serve(linuxTree)) {
            IndexPath served = new IndexPath(Kind.TREE_NGINX, Encoding.HTML, web.url());

            Installation poetry = new Poetry().install(served, ClientProjects.REQUIREMENTS, work());
            assertThat(poetry.run().ok()).isFalse();
            assertThat(poetry.run().output()).contains("no versions of win-only match");

            Installation pdm = new Pdm().install(served, ClientProjects.REQUIREMENTS, work());
            assertThat(pdm.run().ok()).isFalse();
            assertThat(pdm.run().output()).contains("Unable to find candidates for win-only");

            Installation pipenv = new Pipenv().install(served, ClientProjects.REQUIREMENTS, work());
            assertThat(pipenv.run().ok()).as(pipenv.run().toString()).isTrue();
            assertThat(pipenv.installed()).isEqualTo(ClientProjects.EXPECTED);
        }
    }

    /**
     * poetry ({@code build}, {@code publish}) and pdm ({@code publish}) upload to a hosted index
     * by the legacy upload API, as twine does; what they uploaded then locks and installs from it.
     */
    @Test
    void poetryAndPdmPublishToAHostedIndex() throws Exception {
        Path poetryWork = work();
        ToolRun poetry = new Poetry().publish(Files.createDirectories(poetryWork.resolve("project")),
                Files.createDirectories(poetryWork.resolve("home")), "Poetry.Made", "1.0", paths.uploadUrl("uploads"),
                IndexPaths.USER, IndexPaths.PASSWORD);
        assertThat(poetry.ok()).as(poetry.toString()).isTrue();

        Wheel pdmMade = Wheel.of("Pdm.Made", "2.0").requires("poetry-made>=1.0").build();
        Path pdmWork = work();
        ToolRun pdm = new Pdm().publish(Files.createDirectories(pdmWork.resolve("project")),
                Files.createDirectories(pdmWork.resolve("home")), paths.uploadUrl("uploads"), IndexPaths.USER,
                IndexPaths.PASSWORD, Files.write(pdmWork.resolve(pdmMade.filename()), pdmMade.bytes()));
        assertThat(pdm.ok()).as(pdm.toString()).isTrue();

        IndexPath uploads = new IndexPath(Kind.HOSTED, Encoding.NEGOTIATED, paths.simpleUrl("uploads"));
        Installation installed = new Pdm().install(uploads, List.of("PDM_MADE"), work());
        assertThat(installed.run().ok()).as(installed.run().toString()).isTrue();
        assertThat(installed.installed()).isEqualTo(Map.of("pdm-made", "2.0", "poetry-made", "1.0"));
    }

    void sync(Path tree, List<InstallTarget> targets) throws Exception {
        new MirrorSync().sync(new SyncRequest(List.of(), List.of(), ClientProjects.REQUIREMENTS, targets,
                URI.create(paths.upstream().simpleUrl()), null, tree, SdistPolicy.NONE, false, 4, false,
                new RetryPolicy(2, Duration.ofMillis(50), Duration.ofMillis(100)), Duration.ofSeconds(20)),
                SyncListener.NONE);
    }
}
