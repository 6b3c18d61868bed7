package dev.pymirror.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeptByVersionTest {

    record Read(FileVersion version, String text) {}

    @TempDir
    Path dir;

    @Test
    void aValueIsUsedAgainOnlyWhileItsFileIsUnchanged() throws Exception {
        Path file = Files.writeString(dir.resolve("page"), "one");
        KeptByVersion<String, Read> kept = new KeptByVersion<>(Read::version);
        FileVersion first = FileVersion.of(file).orElseThrow();
        assertThat(kept.current("page", first)).isNull();

        kept.put("page", new Read(first, "one"));
        assertThat(kept.current("page", FileVersion.of(file).orElseThrow()).text()).isEqualTo("one");

        // Replaced the way the indexes replace files: a new file renamed over the old one.
        Path next = Files.writeString(dir.resolve("page.new"), "two");
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        assertThat(kept.current("page", FileVersion.of(file).orElseThrow())).isNull();

        kept.remove("page");
        assertThat(kept.current("page", first)).isNull();
    }
}
