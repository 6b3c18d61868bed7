package dev.pymirror.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A wheel built by a test, with no Python involved: a zip holding a module and a {@code .dist-info}
 * with METADATA, WHEEL and RECORD, which the real pip installs.
 *
 * <pre>{@code
 * Wheel w = Wheel.of("acme-lib", "1.2").requires("six>=1.0").build();
 * Files.write(dir.resolve(w.filename()), w.bytes());
 * }</pre>
 *
 * @param filename the wheel's file name
 * @param bytes the whole file
 * @param metadata the METADATA file inside it (also what a PEP 658 {@code .metadata} file holds)
 */
public record Wheel(String filename, byte[] bytes, byte[] metadata) {

    public static Builder of(String name, String version) {
        return new Builder(name, version);
    }

    /** The hex sha256 of the whole file. */
    public String sha256() {
        return HexFormat.of().formatHex(digest(bytes));
    }

    /** The hex sha256 of the METADATA file. */
    public String metadataSha256() {
        return HexFormat.of().formatHex(digest(metadata));
    }

    static byte[] digest(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Builds a wheel; every setter returns this builder. */
    public static final class Builder {
        private final String name;
        private final String version;
        private final List<String> requiresDist = new ArrayList<>();
        private final List<String> providesExtra = new ArrayList<>();
        private String requiresPython;
        private String tag = "py3-none-any";
        private String buildTag;
        private int payloadBytes;
        private long seed = 1;
        private String metadataVersion = "2.1";

        private Builder(String name, String version) {
            this.name = name;
            this.version = version;
        }

        /** Adds a {@code Requires-Dist} line, such as {@code "b>=1; extra == 'x'"}. */
        public Builder requires(String... requirements) {
            requiresDist.addAll(List.of(requirements));
            return this;
        }

        public Builder extra(String... extras) {
            providesExtra.addAll(List.of(extras));
            return this;
        }

        /** The METADATA's {@code Metadata-Version} (default 2.1); the fields written are the same. */
        public Builder metadataVersion(String version) {
            this.metadataVersion = version;
            return this;
        }

        public Builder requiresPython(String specifier) {
            this.requiresPython = specifier;
            return this;
        }

        /** The compressed tag triple, such as {@code cp312-cp312-manylinux_2_17_x86_64}. */
        public Builder tag(String tag) {
            this.tag = tag;
            return this;
        }

        public Builder buildTag(String buildTag) {
            this.buildTag = buildTag;
            return this;
        }

        /** Adds a stored (uncompressed) data file of this many pseudo-random bytes, to make big wheels. */
        public Builder payload(int bytes, long seed) {
            this.payloadBytes = bytes;
            this.seed = seed;
            return this;
        }

        public Wheel build() {
            String distName = name.replaceAll("[-_.]+", "_");
            String module = distName.toLowerCase(Locale.ROOT);
            String distInfo = distName + "-" + version + ".dist-info";
            String filename = distName + "-" + version + (buildTag == null ? "" : "-" + buildTag) + "-" + tag + ".whl";

            StringBuilder meta = new StringBuilder()
                    .append("Metadata-Version: ").append(metadataVersion).append('\n')
                    .append("Name: ").append(name).append('\n')
                    .append("Version: ").append(version).append('\n')
                    .append("Summary: A test package\n");
            if (requiresPython != null) {
                meta.append("Requires-Python: ").append(requiresPython).append('\n');
            }
            providesExtra.forEach(e -> meta.append("Provides-Extra: ").append(e).append('\n'));
            requiresDist.forEach(r -> meta.append("Requires-Dist: ").append(r).append('\n'));
            byte[] metadata = meta.append('\n').toString().getBytes(StandardCharsets.UTF_8);

            String[] tagParts = tag.split("-");
            String wheelFile = "Wheel-Version: 1.0\nGenerator: pymirror-tests\nRoot-Is-Purelib: "
                    + (tagParts[2].equals("any")) + "\nTag: " + tag + "\n";

            Map<String, byte[]> files = new LinkedHashMap<>();
            files.put(module + "/__init__.py",
                    ("__version__ = " + "'" + version + "'\n").getBytes(StandardCharsets.UTF_8));
            if (payloadBytes > 0) {
                byte[] payload = new byte[payloadBytes];
                new Random(seed).nextBytes(payload);
                files.put(module + "/payload.bin", payload);
            }
            files.put(distInfo + "/METADATA", metadata);
            files.put(distInfo + "/WHEEL", wheelFile.getBytes(StandardCharsets.UTF_8));

            StringBuilder record = new StringBuilder();
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            files.forEach((path, data) -> record.append(path).append(",sha256=")
                    .append(b64.encodeToString(digest(data))).append(',').append(data.length).append('\n'));
            record.append(distInfo).append("/RECORD,,\n");
            files.put(distInfo + "/RECORD", record.toString().getBytes(StandardCharsets.UTF_8));

            return new Wheel(filename, zip(files), metadata);
        }

        private static byte[] zip(Map<String, byte[]> files) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                for (var e : files.entrySet()) {
                    ZipEntry entry = new ZipEntry(e.getKey());
                    if (e.getValue().length > 64 * 1024) {
                        // Random data does not compress; storing it keeps big test wheels quick to build.
                        CRC32 crc = new CRC32();
                        crc.update(e.getValue());
                        entry.setMethod(ZipEntry.STORED);
                        entry.setSize(e.getValue().length);
                        entry.setCrc(crc.getValue());
                    }
                    zip.putNextEntry(entry);
                    zip.write(e.getValue());
                    zip.closeEntry();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }
    }
}
