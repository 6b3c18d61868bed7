package dev.pymirror.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pymirror.testing.Sdist;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SdistMetadataReaderTest {

    @TempDir
    Path tmp;

    @Test
    void readsPkgInfoOutOfATarGzAndAZip() throws Exception {
        Sdist tar = Sdist.of("acme", "1.0").requires("six").build();
        Sdist zip = Sdist.of("acme", "1.0").zip().build();
        assertThat(SdistMetadataReader.read(write(tar), false)).contains(tar.pkgInfo());
        assertThat(SdistMetadataReader.read(write(zip), true)).contains(zip.pkgInfo());
        assertThat(SdistMetadataReader.read(write(zip))).contains(zip.pkgInfo());
        assertThat(SdistMetadataReader.read(write(tar))).contains(tar.pkgInfo());
    }

    @Test
    void readsWhatTheSystemTarWritesWithLongNamesInPaxAndGnuFormats() throws Exception {
        // A directory name past 100 characters needs a pax record or a GNU long-name entry.
        String dir = "acme_" + "x".repeat(110) + "-1.0";
        Path src = Files.createDirectories(tmp.resolve("src").resolve(dir));
        Files.writeString(src.resolve("setup.py"), "print('hi')\n");
        Files.writeString(src.resolve("PKG-INFO"), "Metadata-Version: 2.2\nName: acme\nVersion: 1.0\n\n");
        for (String format : new String[] {"pax", "gnu", "ustar"}) {
            Path out = tmp.resolve(format + ".tar.gz");
            Process p = new ProcessBuilder("tar", "--format=" + format, "-czf", out.toString(), "-C",
                    tmp.resolve("src").toString(), dir).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            if (format.equals("ustar")) {
                // ustar can hold the long name only by splitting it into prefix and name; tar says when it cannot.
                if (p.exitValue() != 0) {
                    assertThat(log).isNotEmpty();
                    continue;
                }
            } else {
                assertThat(p.exitValue()).as(log).isZero();
            }
            assertThat(SdistMetadataReader.read(out, false)).as(format)
                    .hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8)).contains("Name: acme"));
        }
    }

    @Test
    void aMissingOrMisplacedPkgInfoIsEmpty() throws Exception {
        Sdist deep = Sdist.of("acme", "1.0").pkgInfoAt("acme-1.0/sub/PKG-INFO").build();
        Sdist top = Sdist.of("acme", "1.0").pkgInfoAt("PKG-INFO").build();
        assertThat(SdistMetadataReader.read(write(deep), false)).isEmpty();
        assertThat(SdistMetadataReader.read(write(top), false)).isEmpty();
    }

    @Test
    void garbageIsAnIoErrorNamingTheFile() throws Exception {
        Path notGzip = Files.write(tmp.resolve("x-1.0.tar.gz"), "plain text".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> SdistMetadataReader.read(notGzip, false)).isInstanceOf(IOException.class)
                .hasMessageContaining("x-1.0.tar.gz");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(new byte[512]);
            gz.write("garbage".repeat(100).getBytes(StandardCharsets.UTF_8), 0, 512);
        }
        byte[] notTar = bytes.toByteArray();
        // A zero block first means an empty archive; put the garbage first instead.
        ByteArrayOutputStream bytes2 = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes2)) {
            gz.write("garbage".repeat(100).getBytes(StandardCharsets.UTF_8), 0, 512);
        }
        assertThat(SdistMetadataReader.read(Files.write(tmp.resolve("empty-1.0.tar.gz"), notTar), false)).isEmpty();
        Path garbage = Files.write(tmp.resolve("g-1.0.tar.gz"), bytes2.toByteArray());
        assertThatThrownBy(() -> SdistMetadataReader.read(garbage, false)).isInstanceOf(IOException.class)
                .hasMessageContaining("not a tar archive");
        Path notZip = Files.write(tmp.resolve("z-1.0.zip"), "plain".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> SdistMetadataReader.read(notZip, true)).isInstanceOf(IOException.class);
    }

    private Path write(Sdist s) throws IOException {
        return Files.write(tmp.resolve(s.filename()), s.bytes());
    }
}
