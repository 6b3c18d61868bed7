package dev.pymirror.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryTreeTest {

    @TempDir
    Path tmp;

    @Test
    void deletesAFolderAndAllBelowItButNotWhatALinkInsidePointsTo() throws Exception {
        Path outside = Files.writeString(Files.createDirectories(tmp.resolve("outside")).resolve("keep.txt"), "kept");
        Path dir = Files.createDirectories(tmp.resolve("tree/a/b"));
        Files.writeString(dir.resolve("file.whl"), "bytes");
        Files.createSymbolicLink(tmp.resolve("tree/a/link"), outside.getParent());

        DirectoryTree.delete(tmp.resolve("tree"));

        assertThat(tmp.resolve("tree")).doesNotExist();
        assertThat(outside).hasContent("kept");
    }

    @Test
    void aMissingFolderIsNothingToDoAndALinkToAFolderIsRemovedAlone() throws Exception {
        DirectoryTree.delete(tmp.resolve("never-made"));
        Path target = Files.createDirectories(tmp.resolve("target"));
        Files.writeString(target.resolve("keep.txt"), "kept");
        Path link = Files.createSymbolicLink(tmp.resolve("link"), target);

        DirectoryTree.delete(link);

        assertThat(Files.exists(link, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(target.resolve("keep.txt")).hasContent("kept");
    }
}
