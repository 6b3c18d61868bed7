package dev.pymirror.sync.tree;

import dev.pymirror.hash.Sha256;
import dev.pymirror.packaging.ProjectName;
import dev.pymirror.packaging.metadata.CoreMetadata;
import dev.pymirror.store.SdistMetadataReader;
import dev.pymirror.store.StagedFile;
import dev.pymirror.store.WheelMetadataReader;
import dev.pymirror.sync.manifest.FileRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a tree holds, file by file, and its pages written from that: the one place where the
 * files on disk, the manifest's records of them and the pages are brought into agreement.
 *
 * <p>A file the manifest knows (same size) keeps its record, so nothing is re-hashed on a second
 * sync; a file it does not know (copied in by hand, or left by an interrupted run) is read: hashed,
 * and its Requires-Python taken from its metadata. A wheel without its {@code .metadata} gets one,
 * taken from the wheel itself. A {@code .provenance} beside a file is recorded with it.
 */
public final class TreeCatalog {

    private final MirrorTree tree;
    private final TreePages pages;

    public TreeCatalog(MirrorTree tree) {
        this.tree = tree;
        this.pages = new TreePages(tree);
    }

    /**
     * The records of every distribution in the tree, and what was noticed while reading them.
     *
     * @param files by manifest key, {@code <project>/<filename>}
     * @param notes files that could not be read well, one sentence each
     */
    public record Contents(Map<String, FileRecord> files, List<String> notes) {}

    /** Reads the tree, keeping the {@code known} records that still match their file. */
    public Contents reconcile(Map<String, FileRecord> known) throws IOException {
        List<String> notes = java.util.Collections.synchronizedList(new ArrayList<>());
        List<String> keys = new ArrayList<>();
        List<ParallelWrites.Write<FileRecord>> reads = new ArrayList<>();
        for (Map.Entry<ProjectName, List<String>> project : tree.distributions().entrySet()) {
            for (String filename : project.getValue()) {
                String key = MirrorTree.key(project.getKey(), filename);
                keys.add(key);
                reads.add(() -> {
                    Path path = tree.file(project.getKey(), filename);
                    FileRecord record = known.get(key);
                    if (record == null || record.size() != Files.size(path)) {
                        record = describe(path, FileRecord.FOUND, path.toString(), notes);
                    }
                    if (filename.endsWith(".whl")) {
                        record = withMetadataFile(project.getKey(), filename, record, notes);
                    }
                    // The page lists a provenance exactly when the tree holds one: it is read every time,
                    // being small, so that one that arrived or went since is seen.
                    Path provenance = tree.provenanceFile(project.getKey(), filename);
                    return record.withProvenanceSha256(Files.isRegularFile(provenance)
                            ? Sha256.hexOf(provenance) : null);
                });
            }
        }
        List<FileRecord> records = ParallelWrites.run(reads);
        Map<String, FileRecord> files = new TreeMap<>();
        for (int i = 0; i < keys.size(); i++) {
            files.put(keys.get(i), records.get(i));
        }
        List<String> sorted = new ArrayList<>(notes);
        java.util.Collections.sort(sorted);
        return new Contents(files, sorted);
    }

    /**
     * Writes every project's pages that changed, removes the pages of projects with no file left,
     * and writes the root page.
     *
     * @return how many pages were written
     */
    public int publish(Map<String, FileRecord> files) throws IOException {
        Map<ProjectName, Map<String, FileRecord>> byProject = new TreeMap<>();
        for (Map.Entry<String, FileRecord> e : files.entrySet()) {
            int slash = e.getKey().indexOf('/');
            byProject.computeIfAbsent(ProjectName.of(e.getKey().substring(0, slash)), k -> new LinkedHashMap<>())
                    .put(e.getKey().substring(slash + 1), e.getValue());
        }
        List<ParallelWrites.Write<Boolean>> writes = new ArrayList<>();
        byProject.forEach((project, projectFiles) -> writes.add(() -> pages.writeProject(project, projectFiles)));
        int written = (int) ParallelWrites.run(writes).stream().filter(Boolean::booleanValue).count();
        for (ProjectName present : tree.distributions().keySet()) {
            if (!byProject.containsKey(present)) {
                pages.removeProject(present);
            }
        }
        if (pages.writeRoot(byProject.keySet())) {
            written++;
        }
        return written;
    }

    /** A record read from the file itself. */
    static FileRecord describe(Path file, String source, String origin, List<String> notes) throws IOException {
        String sha256 = Sha256.hexOf(file);
        long size = Files.size(file);
        String requiresPython = null;
        try {
            Optional<byte[]> metadata = file.getFileName().toString().endsWith(".whl")
                    ? WheelMetadataReader.read(file) : SdistMetadataReader.read(file);
            if (metadata.isPresent()) {
                CoreMetadata md = CoreMetadata.parse(metadata.get());
                requiresPython = md.requiresPython().isEmpty() ? null : md.requiresPython().toString();
            }
        } catch (IOException | IllegalArgumentException e) {
            notes.add(file.getFileName() + ": its metadata cannot be read (" + e.getMessage() + ")");
        }
        return new FileRecord(sha256, size, requiresPython, null, null, null, source, origin, List.of(), null);
    }

    /** The record with the sha256 of the wheel's {@code .metadata}, written from the wheel if missing. */
    private FileRecord withMetadataFile(ProjectName project, String filename, FileRecord record, List<String> notes)
            throws IOException {
        Path metadataFile = tree.metadataFile(project, filename);
        if (Files.isRegularFile(metadataFile)) {
            if (record.metadataSha256() != null && Files.size(metadataFile) > 0) {
                return record;
            }
            return record.withMetadataSha256(Sha256.hexOf(metadataFile));
        }
        String sha = writeMetadata(tree.file(project, filename), metadataFile, notes);
        return record.withMetadataSha256(sha);
    }

    /**
     * Writes a wheel's METADATA beside it as its PEP 658 file.
     *
     * @return the metadata file's sha256, or null when the wheel holds no METADATA
     */
    static String writeMetadata(Path wheel, Path metadataFile, List<String> notes) throws IOException {
        Optional<byte[]> bytes;
        try {
            bytes = WheelMetadataReader.read(wheel);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            notes.add(wheel.getFileName() + " is not a readable wheel (" + e.getMessage() + "); it is listed without"
                    + " metadata");
            return null;
        }
        if (bytes.isEmpty()) {
            notes.add(wheel.getFileName() + " holds no .dist-info/METADATA; it is listed without metadata");
            return null;
        }
        try (StagedFile staged = StagedFile.create(metadataFile)) {
            staged.write(bytes.get(), 0, bytes.get().length);
            return staged.publish(null, bytes.get().length);
        }
    }
}
