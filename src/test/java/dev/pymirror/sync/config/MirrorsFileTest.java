package dev.pymirror.sync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.sync.SyncRequest;
import dev.pymirror.sync.download.RetryPolicy;
import dev.pymirror.sync.resolve.InstallTarget;
import dev.pymirror.sync.resolve.SdistPolicy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MirrorsFileTest {

    @TempDir
    Path dir;

    static final SyncRequest TEMPLATE = new SyncRequest(List.of(), List.of(), List.of(),
            List.of(InstallTarget.of("3.11", "manylinux_2_17_x86_64", "cp", List.of())), null,
            URI.create("https://default.example/simple/"), Path.of("unused"), SdistPolicy.NONE, false, 4, false,
            new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(2)), Duration.ofSeconds(5), List.of());

    List<MirrorsFile.Mirror> read(String text) throws Exception {
        Path file = Files.writeString(dir.resolve("mirrors.toml"), text);
        return MirrorsFile.read(file, new MirrorsFile.Defaults(TEMPLATE));
    }

    @Test
    void eachTableIsAMirrorTakingTheTopLevelAndTheCommandLineWhereItSaysNothing() throws Exception {
        List<MirrorsFile.Mirror> mirrors = read("""
                upstream = "http://127.0.0.1:9/simple/"
                python-versions = ["3.12"]

                [mirror.web]
                output = "trees/web"
                locks = ["web/uv.lock"]
                platforms = ["manylinux_2_28_x86_64", "manylinux_2_28_aarch64"]
                allow-sdist = ["petl"]
                prune = true

                [mirror.tools]
                output = "/srv/tools"
                requirements = ["tools.txt"]
                constraints = ["constraints.txt"]
                roots = ["pip-tools>=7"]
                upstream = "https://other.example/simple/"
                allow-sdist = true
                """);

        assertThat(mirrors).extracting(MirrorsFile.Mirror::name).containsExactly("web", "tools");
        SyncRequest web = mirrors.get(0).request();
        assertThat(web.output()).isEqualTo(dir.resolve("trees/web"));
        assertThat(web.lockFiles()).containsExactly(dir.resolve("web/uv.lock"));
        assertThat(web.upstream()).hasToString("http://127.0.0.1:9/simple/");
        assertThat(web.targets()).extracting(InstallTarget::name)
                .containsExactly("cp312-manylinux_2_28_x86_64", "cp312-manylinux_2_28_aarch64");
        assertThat(web.sdists().allows(ProjectName.of("petl"))).isTrue();
        assertThat(web.sdists().allows(ProjectName.of("django"))).isFalse();
        assertThat(web.prune()).isTrue();
        assertThat(web.jobs()).isEqualTo(4);
        SyncRequest tools = mirrors.get(1).request();
        assertThat(tools.output()).isEqualTo(Path.of("/srv/tools"));
        assertThat(tools.requirementFiles()).containsExactly(dir.resolve("tools.txt"));
        assertThat(tools.constraintFiles()).containsExactly(dir.resolve("constraints.txt"));
        assertThat(tools.specs()).containsExactly("pip-tools>=7");
        assertThat(tools.upstream()).hasToString("https://other.example/simple/");
        assertThat(tools.targets()).extracting(InstallTarget::name).containsExactly("cp312-manylinux_2_17_x86_64");
        assertThat(tools.sdists()).isEqualTo(SdistPolicy.ALL);
        assertThat(tools.prune()).isFalse();
    }

    @Test
    void theCommandLinesSdistPolicyHoldsWhereTheFileSaysNothing() throws Exception {
        SyncRequest template = new SyncRequest(List.of(), List.of(), List.of(), TEMPLATE.targets(), null,
                TEMPLATE.defaultUpstream(), Path.of("unused"), SdistPolicy.ALL, true, 4, true, TEMPLATE.retry(),
                TEMPLATE.timeout(), List.of());
        Path file = Files.writeString(dir.resolve("m.toml"), "[mirror.a]\noutput = \"a\"\nroots = [\"x\"]\n");

        SyncRequest a = MirrorsFile.read(file, new MirrorsFile.Defaults(template)).get(0).request();

        assertThat(a.sdists()).isEqualTo(SdistPolicy.ALL);
        assertThat(a.prereleases()).isTrue();
        assertThat(a.prune()).isTrue();
    }

    @Test
    void mistakesAreNamedByFileAndKey() {
        assertThatThrownBy(() -> read("[mirror.a]\noutput = \"a\"\nlock = [\"uv.lock\"]\n"))
                .isInstanceOf(MirrorsFileException.class)
                .hasMessageContaining("mirrors.toml: mirror.a.lock is not a setting (settings: allow-sdist, constraints,");
        assertThatThrownBy(() -> read("[mirror.a]\nlocks = [\"uv.lock\"]\n"))
                .hasMessageEndingWith("mirrors.toml: mirror.a.output is missing: the folder of its tree");
        assertThatThrownBy(() -> read("[mirror.a]\noutput = \"x\"\n"))
                .hasMessageEndingWith("mirror.a has nothing to sync: give requirements, locks or roots");
        assertThatThrownBy(() -> read("[mirror.a]\noutput = \"x\"\nroots = [\"a\"]\n[mirror.b]\noutput = \"x/\"\nroots = [\"b\"]\n"))
                .hasMessageEndingWith("mirror.b.output: " + dir.resolve("x/") + " is the output of another mirror too");
        assertThatThrownBy(() -> read("locks = \"uv.lock\"\n[mirror.a]\noutput = \"x\"\n"))
                .hasMessageEndingWith("mirrors.toml: locks must be an array of strings");
        assertThatThrownBy(() -> read("upstream = \"ftp://x/\"\n[mirror.a]\noutput = \"x\"\nroots = [\"a\"]\n"))
                .hasMessageContaining("upstream: 'ftp://x/' is not an http(s) URL");
        assertThatThrownBy(() -> read("[mirror.a]\noutput = \"x\nroots = []\n"))
                .message().matches(".*mirrors.toml:[23]: not valid TOML: .*");
        assertThatThrownBy(() -> read("upstream = \"http://x/simple/\"\n"))
                .hasMessageEndingWith("no [mirror.NAME] table: each mirror is one, such as [mirror.web]");
    }
}
