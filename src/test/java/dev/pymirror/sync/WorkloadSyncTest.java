package dev.pymirror.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pymirror.cli.Main;
import dev.pymirror.packaging.tags.Target;
import dev.pymirror.testing.Pip;
import dev.pymirror.testing.StaticIndexServer;
import dev.pymirror.testing.ToolRun;
import dev.pymirror.testing.Workload;
import dev.pymirror.testing.WorkloadUpstream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Syncs a real application's requirements (the saleor workload) from a generated upstream for two
 * targets, and lets the real pip judge the tree: for each target, pip resolving the roots against
 * {@code file://DIR} alone, binary-only, must succeed; every file in the tree must be one pip
 * chose for some target; and pip resolving against the upstream itself must choose the same
 * releases the sync chose.
 *
 * <p>pip evaluates environment markers for the interpreter it runs on, whatever {@code
 * --python-version} and {@code --platform} say; saleor's markers only test the operating system
 * and implementation, which this machine shares with both Linux targets, so pip's view and the
 * target's agree. pip before 24 does not widen a {@code manylinux_2_28} platform to the older
 * manylinux tags the target accepts, so it is given each of them, as one does by hand.
 */
@Tag("slow")
class WorkloadSyncTest {

    static final List<String> PLATFORMS = List.of("manylinux_2_28_x86_64", "manylinux_2_28_aarch64");

    @TempDir
    static Path dir;

    static StaticIndexServer server;
    static WorkloadUpstream.Generated upstream;
    static Workload saleor;

    @BeforeAll
    static void generate() throws Exception {
        saleor = Workload.load("saleor");
        upstream = WorkloadUpstream.write(saleor, dir.resolve("upstream"), WorkloadUpstream.Options.SMALL);
        server = StaticIndexServer.serve(dir.resolve("upstream"));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void pipInstallsEveryRootFromTheTreeForEachTargetAndTheTreeHoldsNothingElse() throws Exception {
        Path requirements = dir.resolve("requirements.txt");
        Files.write(requirements, saleor.roots());
        Path out = dir.resolve("mirror");
        List<String> args = new ArrayList<>(List.of("sync", "-r", requirements.toString(), "--output", out.toString(),
                "--python-version", "3.12", "--upstream", server.url() + "simple/", "--jobs", "8"));
        PLATFORMS.forEach(p -> args.addAll(List.of("--platform", p)));

        Run sync = run(args);

        assertThat(sync.code()).as(sync.toString()).isZero();
        assertThat(sync.out()).contains("cp312-manylinux_2_28_x86_64: ", "cp312-manylinux_2_28_aarch64: ");
        Map<String, Map<String, String>> chosen = manifestVersions(out);
        Set<String> neededByPip = new TreeSet<>();
        Pip pip = new Pip(Files.createDirectories(dir.resolve("pip-home")));
        for (String platform : PLATFORMS) {
            Report fromTree = pipResolve(pip, platform, out.toUri().toString(), requirements);
            assertThat(fromTree.result().ok()).as(fromTree.result().toString()).isTrue();
            neededByPip.addAll(fromTree.files());
            Report fromUpstream = pipResolve(pip, platform, server.url() + "simple/", requirements);
            assertThat(fromUpstream.result().ok()).as(fromUpstream.result().toString()).isTrue();
            assertThat(chosen.get("cp312-" + platform))
                    .as("what the sync chose for %s, against what pip chooses from the upstream", platform)
                    .isEqualTo(fromUpstream.versions());
            assertThat(fromTree.versions()).isEqualTo(fromUpstream.versions());
        }
        assertThat(distributions(out)).isEqualTo(neededByPip);
        // The releases that must be passed over were: no decoy version is in the tree.
        upstream.decoys().forEach((project, decoy) -> assertThat(chosen.get("cp312-" + PLATFORMS.get(0)).get(project))
                .as(project).isNotEqualTo(decoy.substring(0, decoy.indexOf(' '))));

        Run verify = run(List.of("verify", out.toString()));
        assertThat(verify.code()).as(verify.toString()).isZero();

        Run again = run(args);
        assertThat(again.code()).as(again.toString()).isZero();
        assertThat(again.out()).contains("(0 downloaded, ").contains(" 0 pages written");
    }

    record Run(int code, String out, String err) {}

    static Run run(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    record Report(ToolRun result, Set<String> files, Map<String, String> versions) {}

    /** {@code pip install --dry-run --report} for one target against one index, binary only. */
    static Report pipResolve(Pip pip, String platform, String indexUrl, Path requirements) throws Exception {
        Path report = Files.createTempFile(dir, "report", ".json");
        Path target = Files.createTempDirectory(dir, "target");
        List<String> args = new ArrayList<>(List.of("install", "--dry-run", "--ignore-installed", "--report",
                report.toString(), "--target", target.toString(), "--python-version", "3.12", "--only-binary=:all:",
                "--implementation", "cp", "--index-url", indexUrl, "--disable-pip-version-check", "--no-input",
                "--retries", "0", "--timeout", "30"));
        for (String p : Target.expandPlatforms(List.of(platform))) {
            args.addAll(List.of("--platform", p));
        }
        args.addAll(List.of("-r", requirements.toString()));
        ToolRun result = pip.run(args);
        Set<String> files = new TreeSet<>();
        Map<String, String> versions = new TreeMap<>();
        if (result.ok()) {
            JsonNode json = new ObjectMapper().readTree(report.toFile());
            for (JsonNode item : json.get("install")) {
                String url = item.at("/download_info/url").asText();
                files.add(URI.create(url).getPath().substring(URI.create(url).getPath().lastIndexOf('/') + 1));
                versions.put(item.at("/metadata/name").asText().toLowerCase().replaceAll("[-_.]+", "-"),
                        item.at("/metadata/version").asText());
            }
        }
        return new Report(result, files, versions);
    }

    /** Per target, project to version, as the manifest records what the sync chose. */
    static Map<String, Map<String, String>> manifestVersions(Path tree) throws IOException {
        JsonNode manifest = new ObjectMapper().readTree(tree.resolve(".pymirror/manifest.json").toFile());
        Map<String, Map<String, String>> result = new TreeMap<>();
        manifest.get("targets").properties().forEach(t -> {
            Map<String, String> versions = new TreeMap<>();
            t.getValue().get("packages").properties().forEach(p -> versions.put(p.getKey(), p.getValue().get("version").asText()));
            result.put(t.getKey(), versions);
        });
        return result;
    }

    /** The wheels and sdists in a tree, by file name. */
    static Set<String> distributions(Path tree) throws IOException {
        try (Stream<Path> all = Files.walk(tree)) {
            return all.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .filter(f -> f.endsWith(".whl") || f.endsWith(".tar.gz") || f.endsWith(".zip"))
                    .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }
}
