package dev.pymirror.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pymirror.sync.download.RetryPolicy;
import dev.pymirror.sync.resolve.InstallTarget;
import dev.pymirror.sync.resolve.SdistPolicy;
import dev.pymirror.testing.TestIndexServer;
import dev.pymirror.testing.Wheel;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link MirrorSync} with lock files, against a test index on 127.0.0.1. */
class LockMirrorSyncTest {

    static final InstallTarget X86 = InstallTarget.of("3.12", "manylinux_2_28_x86_64", "cp", List.of());

    @TempDir
    Path dir;

    TestIndexServer upstream;
    Wheel app = Wheel.of("app", "1.0").requires("fast>=1").build();
    Wheel fast = Wheel.of("fast", "1.0").tag("cp312-cp312-manylinux_2_17_x86_64").build();
    Wheel tomli = Wheel.of("tomli", "2.0").build();

    @BeforeEach
    void start() throws IOException {
        upstream = TestIndexServer.start().add(app, fast, tomli);
    }

    @AfterEach
    void stop() throws IOException {
        upstream.close();
    }

    Path pylock(Wheel... wheels) throws IOException {
        StringBuilder s = new StringBuilder("lock-version = \"1.0\"\n");
        for (Wheel w : wheels) {
            String[] parts = w.filename().split("-");
            s.append("[[packages]]\nname = \"").append(parts[0]).append("\"\nversion = \"").append(parts[1])
                    .append("\"\nwheels = [{ name = \"").append(w.filename()).append("\", url = \"")
                    .append(upstream.url()).append("files/").append(w.filename()).append("\", hashes = { sha256 = \"")
                    .append(w.sha256()).append("\" } }]\n");
        }
        return Files.writeString(dir.resolve("pylock.toml"), s);
    }

    SyncRequest request(Path output, Path lock, String... specs) {
        return new SyncRequest(List.of(), List.of(), List.of(specs), List.of(X86), URI.create(upstream.simpleUrl()),
                URI.create("http://127.0.0.1:9/unused/"), output, SdistPolicy.NONE, false, 4, false,
                new RetryPolicy(1, Duration.ofMillis(10), Duration.ofMillis(20)), Duration.ofSeconds(10), List.of(lock));
    }

    @Test
    void aLockAndRequirementsTogetherMirrorBoth() throws Exception {
        Path out = dir.resolve("tree");

        SyncReport report = new MirrorSync().sync(request(out, pylock(tomli), "app"), SyncListener.NONE);

        assertThat(report.filesNeeded()).isEqualTo(3);
        assertThat(out.resolve("tomli").resolve(tomli.filename())).exists();
        assertThat(out.resolve("app").resolve(app.filename())).exists();
        assertThat(Files.readString(out.resolve("tomli/index.html"))).contains(tomli.filename() + "#sha256=" + tomli.sha256());
        assertThat(out.resolve("tomli").resolve(tomli.filename() + ".metadata")).exists();
        assertThat(Files.readString(out.resolve(".pymirror/manifest.json"))).contains("pylock.toml: (pylock.toml) 1 releases");
    }

    @Test
    void bytesThatAreNotTheLocksAreRefusedWhenThePageStatesNoHash() throws Exception {
        upstream.statedHashes();
        Path lock = pylock(tomli);
        Files.writeString(lock, Files.readString(lock).replace(tomli.sha256(), "1".repeat(64)));
        Path out = dir.resolve("tree");

        assertThatThrownBy(() -> new MirrorSync().sync(request(out, lock), SyncListener.NONE))
                .isInstanceOf(SyncException.class)
                .hasMessageContaining("could not be downloaded, so the pages were left as they were")
                .hasMessageContaining(tomli.filename());
        assertThat(out.resolve("index.html")).doesNotExist();
        assertThat(MirrorSyncTest.files(out)).isEmpty();
    }

    @Test
    void aLockNamingAGoneFileLeavesAnExistingTreeAsItWas() throws Exception {
        Path out = dir.resolve("tree");
        new MirrorSync().sync(request(out, pylock(tomli, app)), SyncListener.NONE);
        assertThat(upstream.hits("/files/" + tomli.filename() + ".metadata")).isZero(); // a lock is not resolved
        String root = Files.readString(out.resolve("index.html"));
        String manifest = Files.readString(out.resolve(".pymirror/manifest.json"));
        Wheel newer = Wheel.of("tomli", "2.1").build(); // locked, never uploaded

        assertThatThrownBy(() -> new MirrorSync().sync(request(out, pylock(newer, fast)), SyncListener.NONE))
                .isInstanceOf(SyncException.class)
                .hasMessageStartingWith(dir.resolve("pylock.toml") + ": tomli 2.1: " + newer.filename()
                        + " is not on the upstream " + upstream.simpleUrl() + " (its page of tomli lists 1 other files)");
        assertThat(Files.readString(out.resolve("index.html"))).isEqualTo(root);
        assertThat(Files.readString(out.resolve(".pymirror/manifest.json"))).isEqualTo(manifest);
        assertThat(out.resolve("fast")).doesNotExist();
    }
}
