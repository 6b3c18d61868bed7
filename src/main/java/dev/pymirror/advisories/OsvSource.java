package dev.pymirror.advisories;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * OSV records as published: OSV's {@code all.zip} of one JSON record per entry, a folder of such
 * files (searched below), or one record's {@code .json} file. Reading is all or nothing: the first
 * entry that is not a usable record fails the whole read, naming it.
 */
public final class OsvSource {

    /** A record, and the file or zip entry it came from. */
    public record Record(JsonNode json, Advisory advisory, String where) {}

    /** Larger entries are not OSV records (the biggest PyPI records are tens of kilobytes). */
    private static final long MAX_RECORD = 16L << 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    private OsvSource() {}

    /**
     * Every record of {@code source} that names a PyPI project, checked.
     *
     * @throws AdvisoryException naming the archive, file or entry that could not be read or used
     */
    public static List<Record> read(Path source) throws AdvisoryException {
        if (Files.isDirectory(source)) {
            return folder(source);
        }
        if (!Files.isRegularFile(source)) {
            throw new AdvisoryException(source + ": no such file or folder");
        }
        if (source.getFileName().toString().endsWith(".json")) {
            List<Record> out = new ArrayList<>();
            try (InputStream in = Files.newInputStream(source)) {
                add(in, source.getFileName().toString(), out);
            } catch (IOException e) {
                throw new AdvisoryException(source + ": cannot be read: " + e.getMessage(), e);
            }
            return out;
        }
        return zip(source);
    }

    private static List<Record> zip(Path file) throws AdvisoryException {
        List<Record> out = new ArrayList<>();
        String archive = file.getFileName().toString();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.isDirectory() || !entry.getName().endsWith(".json")) {
                    continue;
                }
                String where = archive + ": " + entry.getName();
                if (entry.getSize() > MAX_RECORD) {
                    throw new AdvisoryException(where + ": larger than an OSV record can be (" + entry.getSize()
                            + " bytes)");
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    add(in, where, out);
                } catch (ZipException e) {
                    throw new AdvisoryException(where + ": the archive is damaged: " + e.getMessage(), e);
                }
            }
        } catch (ZipException e) {
            throw new AdvisoryException(archive + ": not a readable zip archive (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new AdvisoryException(archive + ": cannot be read: " + e.getMessage(), e);
        }
        return out;
    }

    private static List<Record> folder(Path dir) throws AdvisoryException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(p -> p.getFileName().toString().endsWith(".json") && Files.isRegularFile(p))
                    .sorted().toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new AdvisoryException(dir + ": cannot be listed: " + e.getMessage(), e);
        }
        List<Record> out = new ArrayList<>();
        for (Path f : files) {
            String where = dir.relativize(f).toString();
            try (InputStream in = Files.newInputStream(f)) {
                add(in, where, out);
            } catch (IOException e) {
                throw new AdvisoryException(where + ": cannot be read: " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static void add(InputStream in, String where, List<Record> out) throws AdvisoryException, IOException {
        JsonNode json;
        try {
            json = JSON.readTree(in.readNBytes((int) MAX_RECORD + 1));
        } catch (JacksonException e) {
            throw new AdvisoryException(where + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        var advisory = OsvReader.read(json, where);
        if (advisory.isPresent()) {
            out.add(new Record(OsvReader.trim(json), advisory.get(), where));
        }
    }
}
