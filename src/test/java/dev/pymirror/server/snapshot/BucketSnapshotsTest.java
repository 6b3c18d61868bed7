package dev.pymirror.server.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.server.config.StaticConfig;
import dev.pymirror.server.index.FileAnswer;
import dev.pymirror.server.index.MetadataAnswer;
import dev.pymirror.server.index.RenderableProjectPage;
import dev.pymirror.server.index.Unavailable;
import dev.pymirror.server.tree.StaticIndex;
import dev.pymirror.simple.ProjectFile;
import dev.pymirror.store.blob.LocalBlobStore;
import dev.pymirror.store.blob.ObjectInfo;
import dev.pymirror.testing.Wheel;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshots kept through the storage seam, as in a bucket: run over the local store, which keeps the
 * same contract as S3 (BlobStoreContract); MirrorNodesSnapshotTest runs them over a real S3 server.
 */
class BucketSnapshotsTest {

    @TempDir
    Path tmp;

    Path tree;
    LocalBlobStore bucket;
    BucketSnapshots snapshots;
    Wheel lib;
    Wheel util;
    final Clock clock = Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC);

    @BeforeEach
    void setUp() throws Exception {
        tree = Files.createDirectories(tmp.resolve("tree"));
        lib = SnapshotStoreTest.put(tree, "acme-lib", Wheel.of("acme-lib", "1.0").build());
        util = SnapshotStoreTest.put(tree, "acme-util", Wheel.of("acme-util", "2.0").build());
        bucket = new LocalBlobStore(Files.createDirectories(tmp.resolve("bucket")));
        snapshots = new BucketSnapshots(bucket);
    }

    @AfterEach
    void close() {
        bucket.close();
    }

    StaticIndex index() throws Exception {
        return new StaticIndex(StaticConfig.of("wheels", tree), tmp.resolve("data/wheels"));
    }

    List<String> keys() throws Exception {
        return bucket.list("").stream().map(ObjectInfo.Listed::key).toList();
    }

    @Test
    void aSnapshotIsOneManifestNamingTheSnapshotsOwnCopiesByKeyAndHash() throws Exception {
        SnapshotInfo info = snapshots.create("rel-1", index(), "static", false, clock);

        assertThat(info).isEqualTo(new SnapshotInfo("rel-1", "wheels", "static", clock.instant(), false, 2, 2,
                lib.bytes().length + util.bytes().length, 0));
        assertThat(snapshots.list()).containsExactly(info);
        assertThat(snapshots.find("rel-1")).contains(info);
        assertThat(keys()).contains(BucketSnapshots.manifestKey("rel-1")).allMatch(k -> k.startsWith(".snapshots/rel-1/"));
        SnapshotManifest m = snapshots.manifest("rel-1").orElseThrow();
        SnapshotManifest.Frozen file = m.projects().get("acme-lib").files().get(lib.filename());
        assertThat(file.sha256()).isEqualTo(lib.sha256());
        assertThat(file.size()).isEqualTo(lib.bytes().length);
        assertThat(file.key()).startsWith(m.objects()).isNotEqualTo(lib.filename());
        try (InputStream in = bucket.read(file.key()).orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(lib.bytes());
        }
        // The wheel's metadata, read out of it, is frozen beside it.
        assertThat(m.projects().get("acme-lib").files()).containsKey(lib.filename() + ".metadata");

        // Served as a static tree's pages are: files under the snapshot's files route, with their hash.
        SnapshotIndex served = new SnapshotIndex(m, bucket);
        ProjectFile listed = ((RenderableProjectPage) served.page(ProjectName.of("acme-lib")).page()).page().files()
                .getFirst();
        assertThat(listed.url()).isEqualTo("../../files/acme-lib/" + lib.filename());
        assertThat(listed.hash("sha256")).contains(lib.sha256());
        assertThat(listed.size()).hasValue(lib.bytes().length);
        assertThat(served.projectList().page()).isNotNull();
        FileAnswer answer = served.file(ProjectName.of("acme-lib"), lib.filename());
        assertThat(((FileAnswer.Stored) answer).path()).hasBinaryContent(lib.bytes());
        assertThat(((MetadataAnswer.Stored) served.metadata(ProjectName.of("acme-lib"), lib.filename())).path())
                .content().contains("Name: acme-lib");
    }

    @Test
    void theSnapshotKeepsServingWhatItsIndexNoLongerHas() throws Exception {
        snapshots.create("rel-1", index(), "static", false, clock);
        Files.delete(tree.resolve("acme-lib").resolve(lib.filename()));

        SnapshotIndex served = new SnapshotIndex(snapshots.manifest("rel-1").orElseThrow(), bucket);
        assertThat(((FileAnswer.Stored) served.file(ProjectName.of("acme-lib"), lib.filename())).path())
                .hasBinaryContent(lib.bytes());
    }

    @Test
    void aNameIsTakenOnceAndADeleteRemovesTheManifestThenTheCopies() throws Exception {
        snapshots.create("rel-1", index(), "static", false, clock);
        String firstObjects = snapshots.manifest("rel-1").orElseThrow().objects();
        assertThatThrownBy(() -> snapshots.create("rel-1", index(), "static", false, clock))
                .isInstanceOf(SnapshotException.class).hasMessageContaining("exists already");

        SnapshotInfo deleted = snapshots.delete("rel-1");
        assertThat(deleted.name()).isEqualTo("rel-1");
        assertThat(keys()).isEmpty();
        assertThat(snapshots.list()).isEmpty();
        assertThatThrownBy(() -> snapshots.delete("rel-1")).isInstanceOf(SnapshotException.class)
                .hasMessageContaining("there is no snapshot 'rel-1'").hasMessageContaining("snapshots: none");

        // Made again under its name, it is another snapshot with copies of its own.
        snapshots.create("rel-1", index(), "static", false, clock);
        assertThat(snapshots.manifest("rel-1").orElseThrow().objects()).isNotEqualTo(firstObjects);
    }

    @Test
    void ofTwoCreatesOfOneNameAtOnceOneMakesTheSnapshotAndTheOtherLeavesNothing() throws Exception {
        for (int round = 0; round < 5; round++) {
            String name = "race-" + round;
            int made = CreateRace.winners(2, () -> snapshots.create(name, index(), "static", false, clock),
                    "snapshot '" + name + "' exists already");
            assertThat(made).as("round " + round).isEqualTo(1);
            // Only the winner's copies are in the bucket: the loser removed its own.
            String objects = snapshots.manifest(name).orElseThrow().objects();
            assertThat(keys()).filteredOn(k -> k.startsWith(".snapshots/" + name + "/"))
                    .allMatch(k -> k.equals(BucketSnapshots.manifestKey(name)) || k.startsWith(objects))
                    .hasSize(1 + 4); // the manifest, two wheels and their metadata
        }
    }

    @Test
    void hostileNamesAreRefusedBeforeAnythingIsWritten() throws Exception {
        for (String name : List.of("../x", "..", ".snapshots", "a/b", "", "x\u0000y", "-x", "x".repeat(101))) {
            assertThatThrownBy(() -> snapshots.create(name, index(), "static", false, clock))
                    .as(name).isInstanceOf(SnapshotException.class).hasMessageContaining("is not a snapshot name");
            assertThat(snapshots.find(name)).as(name).isEmpty();
            assertThatThrownBy(() -> snapshots.delete(name)).as(name).isInstanceOf(SnapshotException.class);
        }
        assertThat(keys()).isEmpty();
    }

    @Test
    void aManifestNamingAMissingObjectIsAClearNotFoundNotAFailure() throws Exception {
        snapshots.create("rel-1", index(), "static", false, clock);
        SnapshotManifest m = snapshots.manifest("rel-1").orElseThrow();
        bucket.delete(m.projects().get("acme-lib").files().get(lib.filename()).key());

        SnapshotIndex served = new SnapshotIndex(m, bucket);
        assertThatThrownBy(() -> served.file(ProjectName.of("acme-lib"), lib.filename()))
                .isInstanceOfSatisfying(Unavailable.class, u -> assertThat(u.status()).isEqualTo(404))
                .hasMessage("snapshot 'rel-1' lists '" + lib.filename() + "' but its copy is gone from the server's"
                        + " storage; the snapshot is damaged");
        // The rest of the snapshot is served.
        assertThat(served.file(ProjectName.of("acme-util"), util.filename())).isInstanceOf(FileAnswer.Stored.class);
        assertThatThrownBy(() -> served.file(ProjectName.of("acme-lib"), "other-1.0.tar.gz"))
                .isInstanceOfSatisfying(Unavailable.class, u -> assertThat(u.status()).isEqualTo(404))
                .hasMessageContaining("is not a file of project 'acme-lib' in snapshot 'rel-1'");
    }
}
