package dev.pymirror.sync.lock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.packaging.requirements.Requirement;
import dev.pymirror.sync.resolve.InstallTarget;
import dev.pymirror.testing.LockFixture;
import dev.pymirror.testing.Workload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The three real locks of {@code ../shared/workloads}, written as uv.lock and pylock.toml: each
 * reads, and a Linux target takes every root requirement whose marker holds there, each project in
 * one version unless uv's conflict markers fork it (pydantic-ai's dev group takes mcp 1.28.1, its
 * mcp-tasks extra mcp 2.0.0: the mirror serves both choices).
 */
class WorkloadLockTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"saleor", "pydantic-ai", "crewai"})
    void everyRootIsSelectedOnceForALinuxTarget(String name) throws Exception {
        Files.createDirectories(dir.resolve("files"));
        LockFixture fixture = new LockFixture(name, dir, "http://127.0.0.1:9/");
        InstallTarget target = InstallTarget.of("3.12", "manylinux_2_28_x86_64", "cp", List.of());
        Set<ProjectName> roots = Workload.load(name).roots().stream().map(Requirement::parse)
                .filter(r -> r.marker() == null || r.marker().evaluate(target.environment()))
                .map(Requirement::name).collect(Collectors.toSet());

        String uv = fixture.uvLock();
        boolean conflicts = uv.contains("extra == 'extra-") || uv.contains("extra == 'group-");
        for (Lock lock : List.of(UvLock.parse("uv.lock", uv), PyLock.parse("pylock.toml", fixture.pylock()))) {
            List<LockedRelease> selected = lock.select(target).releases();
            Map<ProjectName, String> versions = new HashMap<>();
            for (LockedRelease r : selected) {
                String before = versions.put(r.name(), r.version());
                if (!conflicts) {
                    assertThat(before).as(lock.format() + ": two versions of " + r.name()).isNull();
                }
            }
            assertThat(versions.keySet()).as(lock.format()).containsAll(roots);
        }
    }
}
