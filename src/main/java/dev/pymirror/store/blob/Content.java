package dev.pymirror.store.blob;

import dev.pymirror.hash.Sha256;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Bytes offered to {@link BlobStore#create}, in memory or in a file the caller owns (a staged
 * upload or download), with their SHA-256 and size known before any byte is sent: S3 stores the hash
 * as the object's metadata in the same create-only request.
 *
 * @param file where the bytes are, or null when they are in {@code bytes}
 * @param bytes the bytes, or null when they are in {@code file}
 * @param size their count
 * @param sha256 their SHA-256 in lower-case hex
 */
public record Content(Path file, byte[] bytes, long size, String sha256) {

    public Content {
        if ((file == null) == (bytes == null)) {
            throw new IllegalArgumentException("content is either a file or bytes");
        }
    }

    /** Bytes in memory. */
    public static Content of(byte[] bytes) {
        return new Content(null, bytes, bytes.length, Sha256.hex(bytes));
    }

    /** A file, hashed now (read once); it must not change until stored. */
    public static Content ofFile(Path file) throws IOException {
        return new Content(file, null, Files.size(file), Sha256.hexOf(file));
    }

    /** A file whose hash the caller computed while writing it (a staged file's). */
    public static Content ofFile(Path file, String sha256) throws IOException {
        return new Content(file, null, Files.size(file), sha256.toLowerCase(java.util.Locale.ROOT));
    }

    /** The bytes from the start; the caller closes it. */
    public InputStream open() throws IOException {
        return bytes != null ? new ByteArrayInputStream(bytes) : Files.newInputStream(file);
    }
}
