package dev.pymirror.inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Optional;

/**
 * Where the {@link ChangeRecord} of an injection lives inside the root, and how it is read and
 * written: JSON at {@value #PATH}, replaced atomically, with the backups of replaced files beside
 * it under {@value #BACKUPS}.
 */
public final class RecordFile {

    /** The directory inject makes for its record and backups. */
    public static final String DIRECTORY = "var/lib/pymirror";
    /** The record. */
    public static final String PATH = DIRECTORY + "/inject.json";
    /** The backups of the files inject replaced. */
    public static final String BACKUPS = DIRECTORY + "/backup";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES);

    private RecordFile() {}

    /** True when the root holds a record (or anything else at its place). */
    public static boolean exists(ImageRoot root, RecordLayout layout) throws IOException {
        return root.entry(layout.record()) != ImageRoot.Entry.ABSENT;
    }

    /**
     * Reads the record of a root.
     *
     * @return empty when the root holds none
     * @throws InjectException.RecordMismatch when what is there is not a record this version can undo
     */
    public static Optional<ChangeRecord> read(ImageRoot root, RecordLayout layout) throws IOException {
        ImageRoot.Entry entry = root.entry(layout.record());
        if (entry == ImageRoot.Entry.ABSENT) {
            return Optional.empty();
        }
        String where = root.describe(layout.record());
        if (entry != ImageRoot.Entry.FILE) {
            throw new InjectException.RecordMismatch(where + " is not a regular file, so it is no record of pymirror's;"
                    + " move it away if the root holds no injection");
        }
        byte[] bytes = Files.readAllBytes(root.resolve(layout.record()));
        ChangeRecord record;
        try {
            record = JSON.readValue(bytes, ChangeRecord.class);
        } catch (JsonProcessingException e) {
            throw new InjectException.RecordMismatch(where + " is not a record pymirror can read: "
                    + e.getOriginalMessage());
        }
        if (record == null) {
            throw new InjectException.RecordMismatch(where + " is empty, so it is no record of pymirror's");
        }
        if (record.format() != ChangeRecord.FORMAT) {
            throw new InjectException.RecordMismatch(where + " has record format " + record.format()
                    + "; this pymirror reads format " + ChangeRecord.FORMAT);
        }
        if (record.state() == null) {
            throw new InjectException.RecordMismatch(where + " says nothing of its state");
        }
        return Optional.of(record);
    }

    /** Writes the record in one step. */
    public static void write(ImageRoot root, RecordLayout layout, ChangeRecord record) throws IOException {
        byte[] bytes = JSON.writeValueAsString(record).concat("\n").getBytes(StandardCharsets.UTF_8);
        // 0600: the record names the indexes, and an index URL may carry credentials.
        ImageRoot.Entry entry = root.entry(layout.record());
        FileAttributes attributes = entry == ImageRoot.Entry.FILE
                ? FileAttributes.read(root.resolve(layout.record()))
                : null;
        AtomicFile.write(root.resolve(layout.record()), bytes, attributes, 0600);
    }

    /** Removes the record. */
    public static void delete(ImageRoot root, RecordLayout layout) throws IOException {
        Files.deleteIfExists(root.resolve(layout.record()));
        AtomicFile.syncDirectory(root.resolve(layout.directory()));
    }
}
