package dev.pymirror.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads the core metadata out of a wheel on disk: the {@code METADATA} file of its one top-level
 * {@code .dist-info} folder. This is what a PEP 658 {@code .metadata} file serves when the index
 * that had the wheel did not offer one.
 */
public final class WheelMetadataReader {

    /** Core metadata files are small; anything larger is not one. */
    private static final long MAX_METADATA_BYTES = 16L << 20;

    private WheelMetadataReader() {}

    /**
     * @return the METADATA bytes, or empty when the wheel holds no {@code *.dist-info/METADATA}
     * @throws IOException when the file cannot be read or is not a zip archive
     */
    public static Optional<byte[]> read(Path wheel) throws IOException {
        try (ZipFile zip = new ZipFile(wheel.toFile())) {
            ZipEntry found = null;
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                String name = entry.getName();
                int slash = name.indexOf('/');
                // Exactly <dir>.dist-info/METADATA at the top level; vendored copies deeper down do not count.
                if (slash > 0 && slash == name.lastIndexOf('/') && name.substring(0, slash).endsWith(".dist-info")
                        && name.substring(slash + 1).equals("METADATA")) {
                    if (found != null) {
                        throw new ZipException(wheel.getFileName() + " holds more than one .dist-info/METADATA");
                    }
                    found = entry;
                }
            }
            if (found == null) {
                return Optional.empty();
            }
            if (found.getSize() > MAX_METADATA_BYTES) {
                throw new ZipException(wheel.getFileName() + ": METADATA is " + found.getSize() + " bytes");
            }
            try (InputStream in = zip.getInputStream(found)) {
                byte[] bytes = in.readNBytes((int) MAX_METADATA_BYTES + 1);
                if (bytes.length > MAX_METADATA_BYTES) {
                    throw new ZipException(wheel.getFileName() + ": METADATA is larger than " + MAX_METADATA_BYTES);
                }
                return Optional.of(bytes);
            }
        }
    }
}
