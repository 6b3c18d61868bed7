package dev.pymirror.sync.tree;

import dev.pymirror.hash.Sha256;
import dev.pymirror.packaging.ProjectName;
import dev.pymirror.packaging.dist.DistributionFilename;
import dev.pymirror.packaging.metadata.CoreMetadata;
import dev.pymirror.store.SdistMetadataReader;
import dev.pymirror.store.StagedFile;
import dev.pymirror.store.WheelMetadataReader;
import dev.pymirror.sync.manifest.FileRecord;
import dev.pymirror.sync.manifest.Manifest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Adds local wheels and sdists to a tree ({@code pymirror add}): each is checked to be what its
 * name says (a readable archive whose metadata names the same project and version), copied in
 * atomically with its {@code .metadata}, recorded in the manifest as added by hand, and its
 * project's page rewritten. Files added this way survive {@code --prune}.
 *
 * <p>Every file is checked before any is copied: either all are added or none.
 */
public final class FileAdder {

    private final MirrorTree tree;

    public FileAdder(MirrorTree tree) {
        this.tree = tree;
    }

    /**
     * One file handled.
     *
     * @param project its project
     * @param filename its name in the tree
     * @param alreadyPresent true when the tree held the very same bytes already
     */
    public record Added(ProjectName project, String filename, boolean alreadyPresent) {}

    private record Checked(Path source, ProjectName project, String filename, String sha256, String requiresPython,
            boolean present) {}

    /**
     * @throws InvalidLocalFileException naming each file that is not a distribution, is damaged, or
     *     differs from the tree's file of the same name; nothing is added then
     * @throws IOException when the tree cannot be written
     */
    @SuppressWarnings("try") // the tree's lock is held for the block, never referenced in it
    public List<Added> add(List<Path> files) throws InvalidLocalFileException, IOException {
        List<String> problems = new ArrayList<>();
        List<Checked> checked = new ArrayList<>();
        for (Path file : files) {
            check(file, problems).ifPresent(checked::add);
        }
        if (!problems.isEmpty()) {
            throw new InvalidLocalFileException(problems);
        }
        Files.createDirectories(tree.root());
        try (TreeLock lock = tree.lock()) {
            Manifest manifest = tree.manifest().read();
            Map<String, FileRecord> records = new TreeMap<>(manifest.files());
            List<Added> added = new ArrayList<>();
            for (Checked c : checked) {
                Path target = tree.file(c.project(), c.filename());
                String sha256 = c.sha256();
                if (!c.present()) {
                    try (StagedFile staged = StagedFile.create(target); InputStream in = Files.newInputStream(c.source())) {
                        byte[] buffer = new byte[64 * 1024];
                        int n;
                        while ((n = in.read(buffer)) > 0) {
                            staged.write(buffer, 0, n);
                        }
                        staged.publish(c.sha256(), -1);
                    }
                }
                String metadataSha = null;
                if (c.filename().endsWith(".whl")) {
                    metadataSha = TreeCatalog.writeMetadata(target, tree.metadataFile(c.project(), c.filename()),
                            new ArrayList<>());
                }
                String key = MirrorTree.key(c.project(), c.filename());
                FileRecord old = records.get(key);
                records.put(key, new FileRecord(sha256, Files.size(target), c.requiresPython(), null, null,
                        metadataSha, FileRecord.ADDED, c.source().toAbsolutePath().toString(),
                        old == null ? List.of() : old.targets(), null));
                added.add(new Added(c.project(), c.filename(), c.present()));
            }
            TreeCatalog catalog = new TreeCatalog(tree);
            TreeCatalog.Contents contents = catalog.reconcile(records);
            catalog.publish(contents.files());
            tree.manifest().write(new Manifest(Manifest.FORMAT, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                    manifest.upstream(), manifest.requirements(), manifest.targets(), contents.files()));
            return added;
        }
    }

    private Optional<Checked> check(Path file, List<String> problems) {
        if (!Files.isRegularFile(file)) {
            problems.add(file + ": " + (Files.exists(file) ? "not a regular file" : "no such file"));
            return Optional.empty();
        }
        String name = file.getFileName().toString();
        DistributionFilename parsed;
        try {
            parsed = DistributionFilename.parse(name);
        } catch (IllegalArgumentException e) {
            problems.add(file + ": not a wheel or sdist name (" + e.getMessage() + ")");
            return Optional.empty();
        }
        CoreMetadata metadata;
        try {
            Optional<byte[]> bytes = name.endsWith(".whl") ? WheelMetadataReader.read(file) : SdistMetadataReader.read(file);
            if (bytes.isEmpty()) {
                problems.add(file + ": holds no " + (name.endsWith(".whl") ? ".dist-info/METADATA" : "PKG-INFO")
                        + ", so it is no " + (name.endsWith(".whl") ? "wheel" : "sdist"));
                return Optional.empty();
            }
            metadata = CoreMetadata.parse(bytes.get());
        } catch (IOException e) {
            problems.add(file + ": not a readable " + (name.endsWith(".whl") ? "wheel" : "sdist") + " (" + e.getMessage() + ")");
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            problems.add(file + ": its metadata is invalid (" + e.getMessage() + ")");
            return Optional.empty();
        }
        if (!metadata.name().equals(parsed.name()) || !metadata.version().equals(parsed.version())) {
            problems.add(file + ": its metadata describes " + metadata.name().original() + " " + metadata.version()
                    + ", not what its name says (" + parsed.name().original() + " " + parsed.version() + ")");
            return Optional.empty();
        }
        ProjectName project = parsed.name();
        try {
            String sha256 = Sha256.hexOf(file);
            Path target = tree.file(project, name);
            boolean present = false;
            if (Files.isRegularFile(target)) {
                String existing = Sha256.hexOf(target);
                if (!existing.equals(sha256)) {
                    problems.add(file + ": the tree already holds a different " + name + " (sha256 " + existing
                            + "); a published file never changes, so it is not replaced");
                    return Optional.empty();
                }
                present = true;
            }
            String requiresPython = metadata.requiresPython().isEmpty() ? null : metadata.requiresPython().toString();
            return Optional.of(new Checked(file, project, name, sha256, requiresPython, present));
        } catch (IOException e) {
            problems.add(file + ": cannot be read (" + e.getMessage() + ")");
            return Optional.empty();
        }
    }
}
