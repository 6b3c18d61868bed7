package dev.pymirror.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagedFileTest {

    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.UTF_8);
    private static final String HELLO_SHA256 = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

    @TempDir
    Path dir;

    @Test
    void aDirectoryIsMadeWithItsParentsOnceAndAFileInTheWayIsSaid() throws Exception {
        Path deep = dir.resolve("a/b/c");
        StagedFile.ensureDirectory(deep);
        assertThat(deep).isDirectory();
        Files.writeString(deep.resolve("kept"), "x");
        StagedFile.ensureDirectory(deep);
        assertThat(deep.resolve("kept")).hasContent("x");

        Path file = Files.writeString(dir.resolve("plain"), "x");
        assertThatThrownBy(() -> StagedFile.ensureDirectory(file)).isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
    }

    @Test
    void isInvisibleUntilPublishedThenAppearsWhole() throws IOException {
        Path target = dir.resolve("a/b/file.whl");
        try (StagedFile f = StagedFile.create(target)) {
            f.write(HELLO, 0, HELLO.length);
            assertThat(target).doesNotExist();
            assertThat(f.publish(HELLO_SHA256, 5)).isEqualTo(HELLO_SHA256);
        }
        assertThat(target).hasBinaryContent(HELLO);
        assertThat(listing(target.getParent())).containsExactly("file.whl");
    }

    @Test
    void aCheckedFileStaysStagedForItsStoreAndGoesWhenClosed() throws IOException {
        Path target = dir.resolve("file.whl");
        try (StagedFile f = StagedFile.create(target)) {
            f.write(HELLO, 0, HELLO.length);
            assertThat(f.check(HELLO_SHA256, 5)).isEqualTo(HELLO_SHA256);
            assertThat(f.stagingPath()).hasBinaryContent(HELLO); // for the store to take
            assertThat(target).doesNotExist(); // published by no one but the store
            assertThatThrownBy(() -> f.write(HELLO, 0, 1)).isInstanceOf(IllegalStateException.class);
        }
        assertThat(listing(dir)).isEmpty();

        StagedFile wrong = StagedFile.create(target);
        wrong.write(HELLO, 0, HELLO.length);
        assertThatThrownBy(() -> wrong.check(HELLO_SHA256, 6)).isInstanceOf(ContentMismatchException.class);
        assertThat(listing(dir)).isEmpty();
    }

    @Test
    void forcesTheBytesAndTheDirectoryUnlessToldLess() throws IOException {
        assertThat(publishWith(null, "durable.whl")).isEqualTo(new StagedFile.Forced(true, true));
        assertThat(publishWith(StagedFile.Durability.DURABLE, "durable-too.whl"))
                .isEqualTo(new StagedFile.Forced(true, true));
        // A copy the upstream still has, served unchecked: never short under its name, the name losable.
        assertThat(publishWith(StagedFile.Durability.COMPLETE_OR_ABSENT, "cached.whl"))
                .isEqualTo(new StagedFile.Forced(true, false));
        // A copy whose reader checks it: nothing forced.
        assertThat(publishWith(StagedFile.Durability.CHECKED_ON_READ, "page.json"))
                .isEqualTo(new StagedFile.Forced(false, false));
        assertThat(listing(dir)).containsExactlyInAnyOrder("durable.whl", "durable-too.whl", "cached.whl", "page.json");
    }

    private StagedFile.Forced publishWith(StagedFile.Durability durability, String name) throws IOException {
        Path target = dir.resolve(name);
        try (StagedFile f = durability == null ? StagedFile.create(target) : StagedFile.create(target).durability(durability)) {
            f.write(HELLO, 0, HELLO.length);
            assertThat(f.forced()).isEqualTo(new StagedFile.Forced(false, false));
            assertThat(f.publish(HELLO_SHA256, 5)).isEqualTo(HELLO_SHA256);
            assertThat(target).hasBinaryContent(HELLO);
            return f.forced();
        }
    }

    @Test
    void aWrongHashPublishesNothingAndLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("file.whl");
        StagedFile f = StagedFile.create(target);
        f.write(HELLO, 0, HELLO.length);
        assertThatThrownBy(() -> f.publish("00" + HELLO_SHA256.substring(2), -1))
                .isInstanceOf(ContentMismatchException.class)
                .hasMessageContaining("file.whl: sha256 " + HELLO_SHA256 + " does not match");
        assertThat(listing(dir)).isEmpty();
    }

    @Test
    void everyStatedDigestThatCanBeComputedMustMatchNotOnlySha256() throws IOException {
        String md5 = "5d41402abc4b2a76b9719d911017c592";
        String blake2b256 = "324dcf027dd4a30a932c441f365a25e86b173defa4b8e58948253471b81b72cf";
        Path target = dir.resolve("file.whl");
        StagedFile wrong = StagedFile.create(target).expecting(java.util.Map.of("md5", "0" + md5.substring(1)));
        wrong.write(HELLO, 0, HELLO.length);
        assertThatThrownBy(() -> wrong.publish(null, -1)).isInstanceOf(ContentMismatchException.class)
                .hasMessageContaining("file.whl: md5 " + md5 + " does not match");
        assertThat(listing(dir)).isEmpty();

        // BLAKE2b at the size stated (PyPI's blake2b_256), and an algorithm nobody can compute is passed over.
        try (StagedFile right = StagedFile.create(target)
                .expecting(java.util.Map.of("md5", md5, "blake2b", blake2b256, "sha256", HELLO_SHA256, "whirlpool", "00"))) {
            right.write(HELLO, 0, HELLO.length);
            right.publish(HELLO_SHA256, 5);
        }
        assertThat(target).hasBinaryContent(HELLO);
    }

    @Test
    void aShortFilePublishesNothing() throws IOException {
        Path target = dir.resolve("file.whl");
        StagedFile f = StagedFile.create(target);
        f.write(HELLO, 0, 3);
        assertThatThrownBy(() -> f.publish(null, 5)).hasMessageContaining("expected 5 bytes, received 3");
        assertThat(listing(dir)).isEmpty();
    }

    @Test
    void closingWithoutPublishingDiscardsAndKeepsAnOlderFile() throws IOException {
        Path target = dir.resolve("file.whl");
        Files.writeString(target, "old");
        try (StagedFile f = StagedFile.create(target)) {
            f.outputStream().write(HELLO);
        }
        assertThat(target).hasContent("old");
        assertThat(listing(dir)).containsExactly("file.whl");
    }

    @Test
    void aStagingNameDoesNotGrowWithTheTargetsAndOnlyAFileNoWriterHoldsIsAbandoned() throws IOException {
        String longName = "a".repeat(250) + ".whl";
        try (StagedFile f = StagedFile.create(dir.resolve(longName))) {
            assertThat(f.stagingPath().getFileName().toString()).hasSizeLessThan(50);
            f.write(new byte[] {1}, 0, 1);
            assertThat(StagedFile.isAbandoned(f.stagingPath())).isFalse(); // its writer is at work
            f.publish(null, 1);
        }
        assertThat(dir.resolve(longName)).hasBinaryContent(new byte[] {1});
        Path left = Files.writeString(dir.resolve(".~staged-left-by-a-kill"), "half");
        assertThat(StagedFile.isAbandoned(left)).isTrue();
        assertThat(StagedFile.isAbandoned(dir.resolve(longName))).isFalse(); // not a staging file at all
    }

    @Test
    void temporaryNamesAreRecognizableAndCannotBeUsedTwice() throws IOException {
        StagedFile f = StagedFile.create(dir.resolve("x"));
        assertThat(listing(dir)).singleElement().satisfies(n -> assertThat(StagedFile.isTemporary(Path.of(n))).isTrue());
        assertThat(StagedFile.isTemporary(Path.of("x.whl"))).isFalse();
        f.publish(null, -1);
        assertThatThrownBy(() -> f.write(HELLO, 0, 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> f.publish(null, -1)).isInstanceOf(IllegalStateException.class);
        f.close();
        assertThat(dir.resolve("x")).exists().isEmptyFile();
    }

    private static java.util.List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void publishNewNeverReplacesAndOfRacingWritersExactlyOneWins() throws Exception {
        Path target = dir.resolve("files/race.whl");
        int writers = 8;
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
        java.util.List<java.util.concurrent.Future<Boolean>> won = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < writers; i++) {
                byte[] mine = ("writer " + i).getBytes(StandardCharsets.UTF_8);
                won.add(pool.submit(() -> {
                    try (StagedFile f = StagedFile.create(target)) {
                        f.write(mine, 0, mine.length);
                        go.await();
                        f.publishNew(null, mine.length);
                        return true;
                    } catch (java.nio.file.FileAlreadyExistsException e) {
                        return false;
                    }
                }));
            }
            go.countDown();
            int winners = 0;
            for (var f : won) {
                winners += f.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(Files.readString(target)).startsWith("writer ");
        assertThat(listing(target.getParent())).containsExactly("race.whl"); // no staging file left behind
    }
}
