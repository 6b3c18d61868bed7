package dev.pymirror.server.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.server.config.GroupConfig;
import dev.pymirror.server.config.StaticConfig;
import dev.pymirror.server.group.GroupIndex;
import dev.pymirror.server.tree.StaticIndex;
import dev.pymirror.simple.JsonCodec;
import dev.pymirror.simple.ProjectFile;
import dev.pymirror.simple.ProjectPage;
import dev.pymirror.testing.Wheel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotStoreTest {

    @TempDir
    Path tmp;

    Path data;
    Path tree;
    SnapshotStore store;
    Wheel lib;
    final Clock clock = Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC);

    @BeforeEach
    void tree() throws Exception {
        data = Files.createDirectories(tmp.resolve("data"));
        tree = Files.createDirectories(data.resolve("wheels-tree"));
        lib = put(tree, "acme-lib", Wheel.of("acme-lib", "1.0").build());
        put(tree, "acme-util", Wheel.of("acme-util", "2.0").build());
        store = new SnapshotStore(data);
    }

    static Wheel put(Path tree, String project, Wheel wheel) throws Exception {
        Files.write(Files.createDirectories(tree.resolve(project)).resolve(wheel.filename()), wheel.bytes());
        return wheel;
    }

    StaticIndex index(Path root) throws Exception {
        return new StaticIndex(StaticConfig.of("wheels", root), data.resolve("wheels"));
    }

    @Test
    void aStagedTreeIsWhatASnapshotWouldHoldAndLeavesNothingWhenClosed() throws Exception {
        Path staged;
        try (SnapshotStore.Staged s = store.stage(index(tree))) {
            staged = s.tree();
            assertThat(s.projects()).isEqualTo(2);
            assertThat(s.files()).isEqualTo(2);
            assertThat(staged.resolve("acme-lib").resolve(lib.filename())).hasBinaryContent(lib.bytes());
            assertThat(staged.resolve("acme-lib/index.json")).isRegularFile();
            assertThat(staged.resolve("index.html")).content().contains("acme-util");
            // Not a snapshot: nothing is listed or served under a name.
            assertThat(store.list()).isEmpty();
        }
        assertThat(staged.getParent()).doesNotExist();
    }

    @Test
    void aPendingTreeIsPublishedAsASnapshotWhole() throws Exception {
        Path pending = store.pendingTree("carried");
        assertThat(pending.getParent()).isDirectory();
        assertThat(pending).doesNotExist(); // the builder's to make
        try (SnapshotStore.Staged s = store.stage(index(tree))) {
            DirectoryTreeCopy.copy(s.tree(), pending);
        }
        assertThat(store.find("carried")).isEmpty();
        SnapshotInfo info = store.publish("carried", "bundle 0123456789ab", "bundle", clock);
        assertThat(info).isEqualTo(new SnapshotInfo("carried", "bundle 0123456789ab", "bundle", clock.instant(), false,
                2, 2, lib.bytes().length + Files.size(tree.resolve("acme-util").resolve(Wheel.of("acme-util", "2.0").build().filename())), 0));
        assertThat(store.find("carried")).contains(info);
        assertThat(store.tree("carried").resolve("acme-lib").resolve(lib.filename())).hasBinaryContent(lib.bytes());
        assertThat(pending.getParent()).doesNotExist();
        try (var left = Files.list(data.resolve(SnapshotStore.FOLDER))) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("carried", ".lock");
        }
        // A name is taken once: no second pending tree, no second publish.
        assertThatThrownBy(() -> store.pendingTree("carried")).isInstanceOf(SnapshotException.class)
                .hasMessageContaining("exists already");
        assertThatThrownBy(() -> store.pendingTree("../x")).isInstanceOf(SnapshotException.class);
        store.pendingTree("empty");
        assertThatThrownBy(() -> store.publish("empty", "x", "bundle", clock)).isInstanceOf(SnapshotException.class)
                .hasMessageContaining("no tree built");
        assertThat(store.find("empty")).isEmpty();
    }

    /** A plain recursive copy, for a tree built by someone other than the store. */
    static final class DirectoryTreeCopy {
        static void copy(Path from, Path to) throws Exception {
            try (var walk = Files.walk(from)) {
                for (Path p : walk.toList()) {
                    Path target = to.resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(p, target);
                    }
                }
            }
        }
    }

    @Test
    void aSnapshotIsAStaticTreeOfWhatTheIndexServedWithItsFilesLinkedNotCopied() throws Exception {
        SnapshotInfo info = store.create("2026-12-03", index(tree), "static", false, clock);
        assertThat(info).isEqualTo(new SnapshotInfo("2026-12-03", "wheels", "static", clock.instant(), false, 2, 2,
                info.bytes(), 0));
        Path frozen = store.tree("2026-12-03").resolve("acme-lib").resolve(lib.filename());
        assertThat(frozen).hasBinaryContent(lib.bytes());
        // Under the data directory: a hard link, the same file, so no space is spent and no removal takes it.
        assertThat(Files.isSameFile(frozen, tree.resolve("acme-lib").resolve(lib.filename()))).isTrue();
        assertThat(frozen.resolveSibling(lib.filename() + ".metadata")).content().contains("Name: acme-lib");
        ProjectPage page = JsonCodec.INSTANCE.readProjectPage(
                Files.readString(frozen.resolveSibling("index.json")), null);
        ProjectFile f = page.files().getFirst();
        assertThat(f.url()).isEqualTo(lib.filename());
        assertThat(f.size()).hasValue(lib.bytes().length);
        assertThat(f.hasCoreMetadata()).isTrue();
        assertThat(page.versions()).containsExactly("1.0");
        assertThat(store.list()).extracting(SnapshotInfo::name).containsExactly("2026-12-03");

        // Served by the tree code as any static tree is, with the index's files gone meanwhile.
        Files.delete(tree.resolve("acme-lib").resolve(lib.filename()));
        StaticIndex served = index(store.tree("2026-12-03"));
        assertThat(served.file(ProjectName.of("acme-lib"), lib.filename())).isNotNull();
        assertThat(served.page(ProjectName.of("acme-util")).page()).isNotNull();
    }

    @Test
    void aTreeOutsideTheDataDirectoryIsCopied() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Wheel w = put(outside, "acme-lib", Wheel.of("acme-lib", "3.0").build());
        store.create("copied", index(outside), "static", false, clock);
        Path frozen = store.tree("copied").resolve("acme-lib").resolve(w.filename());
        assertThat(frozen).hasBinaryContent(w.bytes());
        assertThat(Files.isSameFile(frozen, outside.resolve("acme-lib").resolve(w.filename()))).isFalse();
    }

    @Test
    void aGroupIsFrozenAsItServesEachProjectMixedProjectsIncluded() throws Exception {
        Path other = Files.createDirectories(data.resolve("other-tree"));
        Wheel lib2 = put(other, "acme-lib", Wheel.of("acme-lib", "2.0").build());
        Wheel own = put(other, "acme-own", Wheel.of("acme-own", "1.0").build());
        StaticIndex first = index(tree);
        StaticIndex second = new StaticIndex(StaticConfig.of("other", other), data.resolve("other"));
        GroupIndex group = new GroupIndex(GroupConfig.of("main", List.of("wheels", "other")).withMix(Set.of("acme-lib")),
                List.of(first, second));
        SnapshotInfo info = store.create("group", group, "group", false, clock);
        assertThat(info.projects()).isEqualTo(3);
        assertThat(info.files()).isEqualTo(4);
        assertThat(info.leftOut()).isZero();
        assertThat(store.tree("group").resolve("acme-lib").resolve(lib2.filename())).hasBinaryContent(lib2.bytes());
        assertThat(store.tree("group").resolve("acme-own").resolve(own.filename())).exists();
    }

    @Test
    void namesAreCheckedAndANameIsNeverTakenTwice() throws Exception {
        for (String bad : new String[] {"", "..", ".", "a/b", "../x", ".hidden", "-x", "a b", "x".repeat(101), "é"}) {
            assertThatThrownBy(() -> store.create(bad, index(tree), "static", false, clock))
                    .as(bad).isInstanceOf(SnapshotException.class).hasMessageContaining("is not a snapshot name");
        }
        store.create("one", index(tree), "static", false, clock);
        assertThatThrownBy(() -> store.create("one", index(tree), "static", false, clock))
                .isInstanceOf(SnapshotException.class).hasMessageContaining("snapshot 'one' exists already");
        assertThat(Files.list(data.resolve(SnapshotStore.FOLDER)).map(p -> p.getFileName().toString())
                .filter(n -> !n.equals(".lock"))).containsExactly("one"); // no staging left behind
    }

    @Test
    void deletingAnUnknownSnapshotNamesThoseThereAre() throws Exception {
        store.create("kept", index(tree), "static", false, clock);
        assertThatThrownBy(() -> store.delete("gone")).isInstanceOf(SnapshotException.class)
                .hasMessageContaining("there is no snapshot 'gone'").hasMessageContaining("snapshots: kept");
        assertThat(store.delete("kept").name()).isEqualTo("kept");
        assertThat(store.find("kept")).isEmpty();
        assertThat(store.tree("kept")).doesNotExist();
        assertThat(tree.resolve("acme-lib").resolve(lib.filename())).exists(); // the index keeps its file
    }

    @Test
    void racingCreatesOfOneNameMakeOneSnapshotAndOneClearError() throws Exception {
        int made = CreateRace.winners(4, () -> store.create("race", index(tree), "static", false, clock),
                "exists already");
        assertThat(made).isEqualTo(1);
        assertThat(store.list()).hasSize(1);
        assertThat(Files.list(data.resolve(SnapshotStore.FOLDER)).map(p -> p.getFileName().toString())
                .filter(n -> n.startsWith(".~"))).isEmpty();
    }

    @Test
    void aStagingFolderOfAProcessThatIsGoneIsRemovedAndNeverServed() throws Exception {
        Path abandoned = Files.createDirectories(data.resolve(SnapshotStore.FOLDER).resolve(".~staging-999999999-x/simple"));
        assertThat(store.list()).isEmpty();
        store.create("next", index(tree), "static", false, clock);
        assertThat(abandoned.getParent()).doesNotExist();
    }
}
