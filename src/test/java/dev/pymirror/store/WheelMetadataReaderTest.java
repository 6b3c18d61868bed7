package dev.pymirror.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pymirror.testing.Wheel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WheelMetadataReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsTheMetadataOfAWheel() throws IOException {
        Wheel w = Wheel.of("acme", "1.0").requires("six").build();
        Path file = Files.write(dir.resolve(w.filename()), w.bytes());
        assertThat(WheelMetadataReader.read(file)).hasValue(w.metadata());
    }

    @Test
    void aZipWithoutMetadataHasNoneAndGarbageIsAnError() throws IOException {
        Path empty = dir.resolve("empty.whl");
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(empty))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("pkg/__init__.py"));
        }
        assertThat(WheelMetadataReader.read(empty)).isEmpty();
        Path garbage = Files.writeString(dir.resolve("garbage.whl"), "not a zip");
        assertThatThrownBy(() -> WheelMetadataReader.read(garbage)).isInstanceOf(IOException.class);
    }
}
