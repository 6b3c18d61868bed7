package dev.pymirror.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A source distribution built by a test: a {@code .tar.gz} (ustar, written here byte by byte) or a
 * {@code .zip} holding {@code <name>-<version>/PKG-INFO} and a {@code setup.py} that nothing
 * should ever run.
 *
 * @param filename the sdist's file name
 * @param bytes the whole file
 * @param pkgInfo the PKG-INFO inside it
 */
public record Sdist(String filename, byte[] bytes, byte[] pkgInfo) {

    public static Builder of(String name, String version) {
        return new Builder(name, version);
    }

    /** The hex sha256 of the whole file. */
    public String sha256() {
        return HexFormat.of().formatHex(Wheel.digest(bytes));
    }

    /** Builds an sdist; every setter returns this builder. */
    public static final class Builder {
        private final String name;
        private final String version;
        private final List<String> requiresDist = new ArrayList<>();
        private final List<String> dynamic = new ArrayList<>();
        private String metadataVersion = "2.2";
        private String requiresPython;
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

        /** The PKG-INFO's Metadata-Version; below 2.2 its dependencies cannot be trusted. */
        public Builder metadataVersion(String value) {
            this.metadataVersion = value;
            return this;
        }

        /** Marks fields Dynamic (PEP 643). */
        public Builder dynamic(String... fields) {
            dynamic.addAll(List.of(fields));
            return this;
        }

        public Builder requiresPython(String specifier) {
            this.requiresPython = specifier;
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
            String top = dist + "-" + version;
            StringBuilder meta = new StringBuilder()
                    .append("Metadata-Version: ").append(metadataVersion).append('\n')
                    .append("Name: ").append(metadataName == null ? name : metadataName).append('\n')
                    .append("Version: ").append(version).append('\n');
            dynamic.forEach(d -> meta.append("Dynamic: ").append(d).append('\n'));
            if (requiresPython != null) {
                meta.append("Requires-Python: ").append(requiresPython).append('\n');
            }
            requiresDist.forEach(r -> meta.append("Requires-Dist: ").append(r).append('\n'));
            byte[] pkgInfo = meta.toString().getBytes(StandardCharsets.UTF_8);
            Map<String, byte[]> files = new LinkedHashMap<>();
            files.put(top + "/setup.py", "raise SystemExit('a test sdist is never built')\n".getBytes(StandardCharsets.UTF_8));
            files.put(pkgInfoName == null ? top + "/PKG-INFO" : pkgInfoName, pkgInfo);
            return new Sdist(top + (zip ? ".zip" : ".tar.gz"), zip ? zip(files) : tarGz(files), pkgInfo);
        }

        private static byte[] zip(Map<String, byte[]> files) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ZipOutputStream z = new ZipOutputStream(out)) {
                for (Map.Entry<String, byte[]> e : files.entrySet()) {
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
                for (Map.Entry<String, byte[]> e : files.entrySet()) {
                    gz.write(header(e.getKey(), e.getValue().length));
                    gz.write(e.getValue());
                    int pad = (512 - e.getValue().length % 512) % 512;
                    gz.write(new byte[pad]);
                }
                gz.write(new byte[1024]); // two zero blocks end the archive
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }

        private static byte[] header(String name, long size) {
            byte[] h = new byte[512];
            put(h, 0, name, 100);
            put(h, 100, "0000644", 8);
            put(h, 108, "0000000", 8);
            put(h, 116, "0000000", 8);
            put(h, 124, String.format("%011o", size), 12);
            put(h, 136, String.format("%011o", 1_700_000_000L), 12);
            h[156] = '0';
            put(h, 257, "ustar", 6);
            h[263] = '0';
            h[264] = '0';
            for (int i = 148; i < 156; i++) {
                h[i] = ' ';
            }
            long sum = 0;
            for (byte b : h) {
                sum += b & 0xFF;
            }
            put(h, 148, String.format("%06o", sum), 7);
            h[155] = ' ';
            return h;
        }

        private static void put(byte[] h, int offset, String value, int length) {
            byte[] b = value.getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(b, 0, h, offset, Math.min(b.length, length));
        }
    }
}
