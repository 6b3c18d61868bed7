package dev.pymirror.advisories;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pymirror.store.FileLock;
import dev.pymirror.store.StagedFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The advisories kept in a data directory, {@code <data>/advisories/advisories.json}: the PyPI part
 * of each OSV record imported (its {@code ECOSYSTEM} ranges, versions, severity), and when the last
 * import ran.
 *
 * <p>An import reads and checks the whole source first, merges it with what is stored (a record
 * replaces the stored one of its id when its {@code modified} is newer), and writes the result as
 * a new file renamed over the old one: a failed import changes nothing, and a server reading the
 * file sees the old store or the new one, never a part. Imports are serialized by a lock file.
 */
public final class AdvisoryStore {

    /** The folder under the data directory. */
    public static final String FOLDER = "advisories";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;

    public AdvisoryStore(Path dataDir) {
        this.dir = dataDir.resolve(FOLDER);
    }

    /** The store's file, which a server watches for changes. */
    public Path file() {
        return dir.resolve("advisories.json");
    }

    /**
     * What is stored; {@link Advisories#NONE} when nothing was ever imported.
     *
     * @throws AdvisoryException when the store cannot be read or is damaged
     */
    public Advisories load() throws AdvisoryException {
        Stored s = read();
        List<Advisory> advisories = new ArrayList<>();
        for (Kept k : s.records().values()) {
            advisories.add(k.advisory());
        }
        return s.imported() == null && advisories.isEmpty() ? Advisories.NONE
                : new Advisories(advisories, s.imported());
    }

    /**
     * Imports OSV records from a zip, a folder or a record file (see {@link OsvSource}).
     *
     * @throws AdvisoryException naming the entry that failed; the store is then as it was
     */
    public ImportReport importFrom(Path source, Clock clock) throws AdvisoryException {
        List<OsvSource.Record> incoming = OsvSource.read(source);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new AdvisoryException("cannot make " + dir + ": " + e.getMessage(), e);
        }
        try (FileLock lock = FileLock.acquire(dir.resolve(".lock"))) {
            Stored stored = read();
            Map<String, Kept> merged = new LinkedHashMap<>(stored.records());
            int added = 0, replaced = 0, withdrawn = 0, unchanged = 0;
            for (OsvSource.Record r : incoming) {
                Advisory a = r.advisory();
                Kept old = merged.get(a.id());
                if (old != null && !a.modified().isAfter(old.advisory().modified())) {
                    unchanged++;
                    continue;
                }
                if (a.withdrawn()) {
                    if (old != null) {
                        merged.remove(a.id());
                        withdrawn++;
                    }
                    continue;
                }
                merged.put(a.id(), new Kept(r.json(), a));
                if (old == null) {
                    added++;
                } else {
                    replaced++;
                }
            }
            write(merged, clock.instant());
            return new ImportReport(incoming.size(), added, replaced, withdrawn, unchanged, merged.size());
        } catch (IOException e) {
            throw new AdvisoryException("cannot write the advisories in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** A stored record: what the file keeps, and what it says. */
    private record Kept(JsonNode json, Advisory advisory) {}

    private record Stored(Map<String, Kept> records, Instant imported) {}

    private Stored read() throws AdvisoryException {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file()));
        } catch (NoSuchFileException e) {
            return new Stored(Map.of(), null);
        } catch (JacksonException e) {
            throw damaged("not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new AdvisoryException("cannot read " + file() + ": " + e.getMessage(), e);
        }
        if (root == null || !root.path("records").isArray()) {
            throw damaged("no records", null);
        }
        Instant imported;
        try {
            imported = Instant.parse(root.path("imported").asText());
        } catch (DateTimeParseException e) {
            throw damaged("no import time", e);
        }
        Map<String, Kept> records = new LinkedHashMap<>();
        int k = 0;
        for (JsonNode r : root.path("records")) {
            var advisory = OsvReader.read(r, file().getFileName() + ": records[" + k++ + "]");
            if (advisory.isPresent()) {
                records.put(advisory.get().id(), new Kept(r, advisory.get()));
            }
        }
        return new Stored(records, imported);
    }

    private AdvisoryException damaged(String why, Exception cause) {
        return new AdvisoryException(file() + " is damaged (" + why + "): import the advisories again", cause);
    }

    private void write(Map<String, Kept> records, Instant imported) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("imported", imported.toString());
        ArrayNode list = root.putArray("records");
        records.values().forEach(k -> list.add(k.json()));
        try (StagedFile staged = StagedFile.create(file())) {
            // The stream's close does nothing: the staged file is published below, or dropped.
            JSON.writeValue(staged.outputStream(), root);
            staged.publish(null, -1);
        }
    }
}
