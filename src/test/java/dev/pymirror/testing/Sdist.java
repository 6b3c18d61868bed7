package dev.pymirror.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A source distribution built by a test: {@code <name>-<version>/PKG-INFO} and a module, as a
 * POSIX ustar {@code .tar.gz} (written here byte by byte) or a {@code .zip}.
 *
 * @param filename the file name
 * @param bytes the whole archive
 * @param pkgInfo the PKG-INFO inside it
 */
public record Sdist(String filename, byte[] bytes, byte[] pkgInfo) {

    public static Builder of(String name, String version) {
        return new Builder(name, version);
    }

    /** Builds an sdist; every setter returns this builder. */
    public static final class Builder {
        private final String name;
        private final String version;
        private final List<String> requiresDist = new ArrayList<>();
        private final List<String> dynamic = new ArrayList<>();
        private String metadataVersion = "2.2";
        private boolean zip;
        private String pkgInfoName;
        private String metadataName;

        private Builder(String name, String version) {
            this.name = name;
            this.version = version;
        }

        public Builder requires(String... requirements) {
            requiresDist.addAll(List.of(requirements));
            return this;
        }

        public Builder metadataVersion(String value) {
            this.metadataVersion = value;
            return this;
        }

        public Builder dynamic(String... fields) {
            dynamic.addAll(List.of(fields));
            return this;
        }

        /** A .zip rather than a .tar.gz. */
        public Builder zip() {
            this.zip = true;
            return this;
        }

        /** Puts the metadata under another path than {@code <dir>/PKG-INFO} (to make a broken sdist). */
        public Builder pkgInfoAt(String path) {
            this.pkgInfoName = path;
            return this;
        }

        /** Writes another project name into PKG-INFO than into the file name. */
        public Builder metadataName(String value) {
            this.metadataName = value;
            return this;
        }

        public Sdist build() {
            String dist = name.replaceAll("[-_.]+", "_").toLowerCase(java.util.Locale.ROOT);
            String dir = dist + "-" + version;
            StringBuilder meta = new StringBuilder()
                    .append("Metadata-Version: ").append(metadataVersion).append('\n')
                    .append("Name: ").append(metadataName == null ? name : metadataName).append('\n')
                    .append("Version: ").append(version).append('\n')
                    .append("Summary: A test sdist\n");
            dynamic.forEach(d -> meta.append("Dynamic: ").append(d).append('\n'));
            requiresDist.forEach(r -> meta.append("Requires-Dist: ").append(r).append('\n'));
            byte[] pkgInfo = meta.append('\n').toString().getBytes(StandardCharsets.UTF_8);
            Map<String, byte[]> files = new LinkedHashMap<>();
            files.put(dir + "/pyproject.toml", "[build-system]\nrequires = []\n".getBytes(StandardCharsets.UTF_8));
            files.put(dir + "/" + dist + "/__init__.py", ("__version__ = '" + version + "'\n").getBytes(StandardCharsets.UTF_8));
            files.put(pkgInfoName == null ? dir + "/PKG-INFO" : pkgInfoName, pkgInfo);
            String filename = dir + (zip ? ".zip" : ".tar.gz");
            return new Sdist(filename, zip ? zip(files) : tarGz(files), pkgInfo);
        }

        private static byte[] zip(Map<String, byte[]> files) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ZipOutputStream z = new ZipOutputStream(out)) {
                for (var e : files.entrySet()) {
                    z.putNextEntry(new ZipEntry(e.getKey()));
                    z.write(e.getValue());
                    z.closeEntry();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }

        private static byte[] tarGz(Map<String, byte[]> files) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                for (var e : files.entrySet()) {
                    gz.write(header(e.getKey(), e.getValue().length));
                    gz.write(e.getValue());
                    gz.write(new byte[(512 - e.getValue().length % 512) % 512]);
                }
                gz.write(new byte[1024]); // two zero blocks end the archive
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }

        /** A POSIX ustar header. */
        private static byte[] header(String name, long size) {
            byte[] h = new byte[512];
            put(h, 0, name);
            put(h, 100, "0000644");
            put(h, 108, "0000000");
            put(h, 116, "0000000");
            put(h, 124, String.format("%011o", size));
            put(h, 136, String.format("%011o", 1_700_000_000L));
            put(h, 148, "        ");
            h[156] = '0';
            put(h, 257, "ustar");
            put(h, 263, "00");
            long sum = 0;
            for (byte b : h) {
                sum += b & 0xff;
            }
            put(h, 148, String.format("%06o", sum));
            h[154] = 0;
            h[155] = ' ';
            return h;
        }

        private static void put(byte[] h, int at, String s) {
            byte[] b = s.getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(b, 0, h, at, b.length);
        }
    }
}
