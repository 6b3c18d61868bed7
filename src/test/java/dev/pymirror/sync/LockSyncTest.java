package dev.pymirror.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.packaging.tags.Target;
import dev.pymirror.testing.Installation;
import dev.pymirror.testing.LockFixture;
import dev.pymirror.testing.PipInstaller;
import dev.pymirror.testing.StaticIndexServer;
import dev.pymirror.testing.ToolRun;
import dev.pymirror.testing.Workload;
import dev.pymirror.testing.WorkloadUpstream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pymirror sync --lock} with a real application's lock (saleor's uv.lock, written as
 * uv.lock and as pylock.toml from the workload and the files its generated upstream serves), and
 * the real pips (Debian's 23.0.1 and 26.2.1) installing the application from the tree alone.
 */
@Tag("slow")
class LockSyncTest {

    static final String X86 = "manylinux_2_28_x86_64";
    static final String ARM = "manylinux_2_28_aarch64";
    static final Pattern HASH_LINE = Pattern.compile("url = \"([^\"]+/files/(asgiref-[^\"]+\\.whl))\", hash = \"sha256:([0-9a-f]+)\"");

    @TempDir
    static Path dir;

    static StaticIndexServer server;
    static Workload saleor;
    static LockFixture fixture;
    static Map<String, String> locked;

    @BeforeAll
    static void generate() throws Exception {
        saleor = Workload.load("saleor");
        WorkloadUpstream.write(saleor, dir.resolve("upstream"), WorkloadUpstream.Options.SMALL);
        server = StaticIndexServer.serve(dir.resolve("upstream"));
        fixture = new LockFixture("saleor", dir.resolve("upstream"), server.url());
        locked = new TreeMap<>();
        saleor.packages().stream().filter(Workload.Release::fromIndex).forEach(r -> locked.put(r.name(), r.version()));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void aUvLockIsMirroredAsLockedAndBothPipsInstallTheApplicationFromTheTree() throws Exception {
        Path lock = LockFixture.write(dir.resolve("uv/uv.lock"), fixture.uvLock());
        Path out = dir.resolve("uv-mirror");

        WorkloadSyncTest.Run sync = WorkloadSyncTest.run(syncArgs(lock, out, X86));

        assertThat(sync.code()).as(sync.toString()).isZero();
        assertThat(sync.err()).doesNotContain("resolving")
                .contains("pywatchman 3.0.0 has no wheel for cp312-manylinux_2_28_x86_64"); // a dev tool for macOS
        assertThat(out.resolve("asgiref/index.html")).exists();
        assertThat(out.resolve("asgiref/index.json")).exists();
        // Every file in the tree is one the lock names, with its version.
        for (String file : WorkloadSyncTest.distributions(out)) {
            String project = file.substring(0, file.indexOf('-')).replace('_', '-').toLowerCase();
            assertThat(file).as(project).contains("-" + locked.get(project) + "-");
        }
        Map<String, Map<String, String>> chosen = WorkloadSyncTest.manifestVersions(out);
        assertThat(locked).containsAllEntriesOf(chosen.get("cp312-" + X86));
        Path roots = Files.write(dir.resolve("roots.txt"), saleor.roots());
        for (PipInstaller pip : List.of(PipInstaller.debian(), PipInstaller.newest(dir.resolve("pip26")))) {
            Path work = Files.createTempDirectory(dir, "install");
            ToolRun run = pip.pip(installArgs(out, X86, work.resolve("site"), roots), Files.createDirectories(work.resolve("home")));
            assertThat(run.ok()).as(pip.name() + ": " + run).isTrue();
            Map<String, String> installed = Installation.distributionsIn(work.resolve("site"));
            assertThat(installed).as(pip.name()).containsKeys("django", "celery", "kombu");
            assertThat(locked).as(pip.name()).containsAllEntriesOf(installed);
        }

        WorkloadSyncTest.Run again = WorkloadSyncTest.run(syncArgs(lock, out, X86));
        assertThat(again.code()).as(again.toString()).isZero();
        assertThat(again.out()).contains("(0 downloaded, ");
        WorkloadSyncTest.Run verify = WorkloadSyncTest.run(List.of("verify", out.toString()));
        assertThat(verify.code()).as(verify.toString()).isZero();
    }

    @Test
    void aPylockIsMirroredForEachPlatformWithTheWheelsOfThatPlatform() throws Exception {
        Path lock = LockFixture.write(dir.resolve("pylock/pylock.toml"), fixture.pylock());
        Path out = dir.resolve("pylock-mirror");
        List<String> args = new ArrayList<>(syncArgs(lock, out, X86));
        args.addAll(List.of("--platform", ARM));

        WorkloadSyncTest.Run sync = WorkloadSyncTest.run(args);

        assertThat(sync.code()).as(sync.toString()).isZero();
        Set<String> files = WorkloadSyncTest.distributions(out);
        assertThat(files).anyMatch(f -> f.contains("x86_64")).anyMatch(f -> f.contains("aarch64"))
                .noneMatch(f -> f.contains("win") || f.contains("macosx"));
        Path roots = Files.write(dir.resolve("roots-pylock.txt"), saleor.roots());
        Path work = Files.createTempDirectory(dir, "install");
        ToolRun run = PipInstaller.debian().pip(installArgs(out, ARM, work.resolve("site"), roots),
                Files.createDirectories(work.resolve("home")));
        assertThat(run.ok()).as(run.toString()).isTrue();
    }

    @Test
    void aLockNamingAFileTheUpstreamNoLongerHasIsRefusedNamingItAndWritesNothing() throws Exception {
        String text = fixture.uvLock();
        Matcher m = HASH_LINE.matcher(text);
        assertThat(m.find()).isTrue();
        String gone = m.group(2).replaceFirst("-py3-", "-1gone-py3-");
        Path lock = LockFixture.write(dir.resolve("gone/uv.lock"), text.replace(m.group(1), m.group(1).replace(m.group(2), gone)));
        Path out = dir.resolve("gone-mirror");

        WorkloadSyncTest.Run sync = WorkloadSyncTest.run(syncArgs(lock, out, X86));

        assertThat(sync.code()).as(sync.toString()).isEqualTo(1);
        assertThat(sync.err()).contains(lock + ": asgiref " + locked.get("asgiref") + ": " + gone
                + " is not on the upstream " + server.url() + "simple/");
        assertThat(WorkloadSyncTest.distributions(out)).isEmpty();
        assertThat(out.resolve("index.html")).doesNotExist();
    }

    @Test
    void aLockWhoseHashTheUpstreamDoesNotServeIsRefusedNamingTheFile() throws Exception {
        String text = fixture.uvLock();
        Matcher m = HASH_LINE.matcher(text);
        assertThat(m.find()).isTrue();
        String other = "0".repeat(64);
        Path lock = LockFixture.write(dir.resolve("other/uv.lock"), text.replace("sha256:" + m.group(3), "sha256:" + other));
        Path out = dir.resolve("other-mirror");

        WorkloadSyncTest.Run sync = WorkloadSyncTest.run(syncArgs(lock, out, X86));

        assertThat(sync.code()).as(sync.toString()).isEqualTo(1);
        assertThat(sync.err()).contains(lock + ": asgiref " + locked.get("asgiref") + ": " + m.group(2)
                + ": the lock's sha256 is " + other + " but the upstream " + server.url() + "simple/ lists " + m.group(3)
                + ": refused");
        assertThat(WorkloadSyncTest.distributions(out)).isEmpty();
    }

    @Test
    void brokenLocksAreUsageErrorsWithTheirLine() throws Exception {
        Path lock = LockFixture.write(dir.resolve("broken/uv.lock"), "version = 1\nrequires-python = \">=3.12\n");

        WorkloadSyncTest.Run sync = WorkloadSyncTest.run(syncArgs(lock, dir.resolve("broken-mirror"), X86));

        assertThat(sync.code()).isEqualTo(2);
        assertThat(sync.err()).startsWith("pymirror sync: " + lock + ":2:").contains("not valid TOML");
        WorkloadSyncTest.Run noDownload = WorkloadSyncTest.run(List.of("sync", "--no-download", "--lock", lock.toString(),
                "--output", dir.resolve("broken-mirror").toString()));
        assertThat(noDownload.code()).isEqualTo(2);
    }

    @Test
    void aMirrorsFileSyncsEveryMirrorInOneRunFetchingEachFileOnce() throws Exception {
        LockFixture.write(dir.resolve("cfg/uv.lock"), fixture.uvLock());
        LockFixture.write(dir.resolve("cfg/pylock.toml"), fixture.pylock());
        Path config = LockFixture.write(dir.resolve("cfg/mirrors.toml"), """
                upstream = "%s"
                python-versions = ["3.12"]
                platforms = ["manylinux_2_28_x86_64"]

                [mirror.uv]
                output = "trees/uv"
                locks = ["uv.lock"]

                [mirror.pylock]
                output = "trees/pylock"
                locks = ["pylock.toml"]

                [mirror.arm]
                output = "trees/arm"
                locks = ["uv.lock"]
                platforms = ["manylinux_2_28_aarch64"]
                """.formatted(server.url() + "simple/"));
        int before = server.requests().size();

        WorkloadSyncTest.Run sync = WorkloadSyncTest.run(List.of("sync", "--config", config.toString(), "--jobs", "8"));

        assertThat(sync.code()).as(sync.toString()).isZero();
        assertThat(sync.out()).contains("[uv] synced ", "[pylock] synced ", "[arm] synced ");
        assertThat(sync.err()).contains("of the files to fetch were taken from mirrors synced earlier in this run");
        List<String> fetched = server.requests().subList(before, server.requests().size()).stream()
                .filter(r -> r.startsWith("GET /files/")).map(r -> r.substring("GET /files/".length())).toList();
        assertThat(fetched).doesNotHaveDuplicates();
        Set<String> held = new java.util.TreeSet<>();
        for (String tree : List.of("uv", "pylock", "arm")) {
            Set<String> files = WorkloadSyncTest.distributions(dir.resolve("cfg/trees/" + tree));
            assertThat(files).as(tree).isNotEmpty();
            held.addAll(files);
        }
        assertThat(new java.util.TreeSet<>(fetched)).isEqualTo(held);
        assertThat(WorkloadSyncTest.distributions(dir.resolve("cfg/trees/arm"))).anyMatch(f -> f.contains("aarch64"));
    }

    static List<String> syncArgs(Path lock, Path out, String platform) {
        return new ArrayList<>(List.of("sync", "--lock", lock.toString(), "--output", out.toString(), "--python-version",
                "3.12", "--platform", platform, "--upstream", server.url() + "simple/", "--jobs", "8"));
    }

    /** pip installing the roots for Python 3.12 on a platform, binary only, from the tree alone. */
    static List<String> installArgs(Path tree, String platform, Path site, Path roots) {
        List<String> args = new ArrayList<>(List.of("install", "--no-input", "--retries", "0", "--target", site.toString(),
                "--python-version", "3.12", "--implementation", "cp", "--only-binary=:all:", "--index-url",
                tree.toUri().toString()));
        for (String p : Target.expandPlatforms(List.of(platform))) {
            args.addAll(List.of("--platform", p));
        }
        args.addAll(List.of("-r", roots.toString()));
        return args;
    }
}
