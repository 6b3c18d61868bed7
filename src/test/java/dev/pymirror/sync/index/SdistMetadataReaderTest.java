package dev.pymirror.sync.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pymirror.store.SdistMetadataReader;
import dev.pymirror.testing.Sdist;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sdists sync meets, read by the store's reader, which sync shares. */
class SdistMetadataReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsPkgInfoFromATarGz() throws IOException {
        Sdist sdist = Sdist.of("demo", "1.0").requires("six").build();
        Path file = dir.resolve(sdist.filename());
        Files.write(file, sdist.bytes());

        assertThat(SdistMetadataReader.read(file)).get().isEqualTo(sdist.pkgInfo());
    }

    @Test
    void readsPkgInfoFromAZip() throws IOException {
        Path file = dir.resolve("demo-1.0.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("demo-1.0/src/PKG-INFO"));
            zip.write("not this one".getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("demo-1.0/PKG-INFO"));
            zip.write("Metadata-Version: 2.2\nName: demo\nVersion: 1.0\n".getBytes(StandardCharsets.UTF_8));
        }

        assertThat(new String(SdistMetadataReader.read(file).orElseThrow(), StandardCharsets.UTF_8))
                .startsWith("Metadata-Version: 2.2");
    }

    @Test
    void followsPaxPathsForLongNames() throws IOException {
        String longTop = "a".repeat(120) + "-1.0";
        String record = " path=" + longTop + "/PKG-INFO\n";
        String pax = (record.length() + 3) + record;
        byte[] content = "Metadata-Version: 2.2\nName: a\nVersion: 1.0\n".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        tar.write(header("PaxHeader/x", pax.length(), 'x'));
        tar.write(padded(pax.getBytes(StandardCharsets.UTF_8)));
        tar.write(header("truncated-name", content.length, '0'));
        tar.write(padded(content));
        tar.write(new byte[1024]);
        Path file = dir.resolve("a-1.0.tar.gz");
        try (GZIPOutputStream gz = new GZIPOutputStream(Files.newOutputStream(file))) {
            gz.write(tar.toByteArray());
        }

        assertThat(SdistMetadataReader.read(file)).get().isEqualTo(content);
    }

    @Test
    void saysWhenThereIsNoPkgInfoOrNoArchive() throws IOException {
        Path empty = dir.resolve("e-1.0.tar.gz");
        try (GZIPOutputStream gz = new GZIPOutputStream(Files.newOutputStream(empty))) {
            gz.write(new byte[1024]);
        }
        Path garbage = dir.resolve("g-1.0.tar.gz");
        Files.writeString(garbage, "not gzip");
        Path notTar = dir.resolve("t-1.0.tar.gz");
        try (GZIPOutputStream gz = new GZIPOutputStream(Files.newOutputStream(notTar))) {
            gz.write("x".repeat(600).getBytes(StandardCharsets.UTF_8));
        }

        assertThat(SdistMetadataReader.read(empty)).isEmpty();
        assertThatThrownBy(() -> SdistMetadataReader.read(garbage)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> SdistMetadataReader.read(notTar)).hasMessageContaining("not a tar archive");
    }

    private static byte[] padded(byte[] data) {
        byte[] out = new byte[(data.length + 511) / 512 * 512];
        System.arraycopy(data, 0, out, 0, data.length);
        return out;
    }

    private static byte[] header(String name, long size, char type) {
        byte[] h = new byte[512];
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(n, 0, h, 0, Math.min(100, n.length));
        byte[] s = String.format("%011o", size).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(s, 0, h, 124, s.length);
        h[156] = (byte) type;
        System.arraycopy("ustar".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 5);
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xFF;
        }
        byte[] c = String.format("%06o", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(c, 0, h, 148, c.length);
        h[154] = 0;
        return h;
    }
}
