package dev.pymirror.sync.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.pymirror.store.StagedFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads and writes a tree's manifest; writes are atomic. */
public final class ManifestStore {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path file;

    public ManifestStore(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /**
     * The manifest, or an empty one when the tree has none yet.
     *
     * @throws IOException when it cannot be read, or is not a manifest this version understands:
     *     the message says so and what to do
     */
    public Manifest read() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Manifest.empty();
        }
        Manifest manifest;
        try {
            manifest = JSON.readValue(bytes, Manifest.class);
        } catch (JsonProcessingException e) {
            throw new IOException(file + " is damaged (" + e.getOriginalMessage() + "); move it away and sync"
                    + " again: files already in the tree are hashed and kept", e);
        }
        if (manifest.format() != Manifest.FORMAT) {
            throw new IOException(file + " has format " + manifest.format() + "; this pymirror reads format "
                    + Manifest.FORMAT);
        }
        return manifest;
    }

    /** Replaces the manifest atomically. */
    public void write(Manifest manifest) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(manifest);
        try (StagedFile staged = StagedFile.create(file)) {
            staged.write(bytes, 0, bytes.length);
            staged.write(new byte[] {'\n'}, 0, 1);
            staged.publish(null, -1);
        }
    }
}
