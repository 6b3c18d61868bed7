package dev.pymirror.sync.tree;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.simple.ProvenanceObject;
import dev.pymirror.store.StagedFile;
import dev.pymirror.sync.manifest.ManifestStore;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The layout of a static mirror, a PEP 503 index whose root is the directory itself:
 *
 * <pre>
 * DIR/index.html                      the project list (PEP 503 HTML)
 * DIR/index.json                      the same in PEP 691 JSON
 * DIR/&lt;project&gt;/index.html            a project's page; &lt;project&gt; is the normalized name
 * DIR/&lt;project&gt;/index.json            the same in PEP 691 JSON
 * DIR/&lt;project&gt;/&lt;file&gt;                 its wheels and sdists, linked relatively from the pages
 * DIR/&lt;project&gt;/&lt;file&gt;.metadata        a wheel's METADATA (PEP 658)
 * DIR/&lt;project&gt;/&lt;file&gt;.provenance      its provenance object (PEP 740), when the upstream lists one
 * DIR/.pymirror/manifest.json         what was resolved for each target and why each file is there
 * </pre>
 *
 * pip reads it as {@code --index-url file:///DIR} (it opens {@code index.html} in a directory);
 * a web server serves it as is, choosing {@code index.json} when the client asks for
 * {@code application/vnd.pypi.simple.v1+json}.
 */
public final class MirrorTree {

    /** The directory of the tree's own state; no project name starts with a dot. */
    public static final String STATE_DIR = ".pymirror";
    public static final String HTML_PAGE = "index.html";
    public static final String JSON_PAGE = "index.json";
    public static final String METADATA_SUFFIX = ".metadata";

    private final Path root;

    public MirrorTree(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    public Path projectDir(ProjectName project) {
        return root.resolve(project.normalized());
    }

    /** Where a distribution file of a project lives. */
    public Path file(ProjectName project, String filename) {
        return projectDir(project).resolve(filename);
    }

    /** Where a file's PEP 740 provenance object lives. */
    public Path provenanceFile(ProjectName project, String filename) {
        return file(project, filename + ProvenanceObject.SUFFIX);
    }

    /** Where a wheel's PEP 658 metadata lives. */
    public Path metadataFile(ProjectName project, String filename) {
        return projectDir(project).resolve(filename + METADATA_SUFFIX);
    }

    /** A file's key in the manifest: {@code <project>/<filename>}. */
    public static String key(ProjectName project, String filename) {
        return project.normalized() + "/" + filename;
    }

    public ManifestStore manifest() {
        return new ManifestStore(root.resolve(STATE_DIR).resolve("manifest.json"));
    }

    public Path spoolDir() {
        return root.resolve(STATE_DIR).resolve("spool");
    }

    /** True when DIR looks like a tree this program wrote: it has a manifest or a root page. */
    public boolean exists() {
        return Files.isRegularFile(root.resolve(STATE_DIR).resolve("manifest.json"))
                || Files.isRegularFile(root.resolve(HTML_PAGE));
    }

    /**
     * The distribution files present, by project directory (sorted by name): every regular file in
     * a project directory except pages, metadata files and unfinished writes.
     */
    public Map<ProjectName, List<String>> distributions() throws IOException {
        Map<ProjectName, List<String>> result = new TreeMap<>();
        if (!Files.isDirectory(root)) {
            return result;
        }
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.sorted().toList()) {
                String name = dir.getFileName().toString();
                if (!Files.isDirectory(dir) || name.startsWith(".") || !ProjectName.isValid(name)
                        || !ProjectName.isNormalized(name)) {
                    continue;
                }
                List<String> files = new ArrayList<>();
                try (Stream<Path> entries = Files.list(dir)) {
                    for (Path p : entries.sorted().toList()) {
                        String f = p.getFileName().toString();
                        if (Files.isRegularFile(p) && isDistribution(f) && !StagedFile.isTemporary(p)) {
                            files.add(f);
                        }
                    }
                }
                result.put(ProjectName.of(name), files);
            }
        }
        return result;
    }

    /** True for the name of a wheel or an sdist. */
    static boolean isDistribution(String filename) {
        return filename.endsWith(".whl") || filename.endsWith(".tar.gz") || filename.endsWith(".zip");
    }

    /** Files left by writes that never finished, anywhere in the tree's project directories. */
    public List<Path> leftovers() throws IOException {
        List<Path> result = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return result;
        }
        try (Stream<Path> all = Files.walk(root, 2)) {
            all.filter(p -> StagedFile.isTemporary(p) && !p.startsWith(root.resolve(STATE_DIR)))
                    .sorted().forEach(result::add);
        }
        return result;
    }

    /**
     * Takes the tree for writing, so that two syncs never write one tree at once.
     *
     * @throws IOException naming the tree when another process holds it
     */
    public TreeLock lock() throws IOException {
        Path lockFile = root.resolve(STATE_DIR).resolve("lock");
        Files.createDirectories(lockFile.getParent());
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IOException("another pymirror is writing " + root + " now; try again when it is done");
        }
        return new TreeLock(lock, channel);
    }
}
