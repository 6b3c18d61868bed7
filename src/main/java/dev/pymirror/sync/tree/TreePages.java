package dev.pymirror.sync.tree;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.simple.CoreMetadata;
import dev.pymirror.simple.HtmlCodec;
import dev.pymirror.simple.JsonCodec;
import dev.pymirror.simple.ProjectFile;
import dev.pymirror.simple.ProjectList;
import dev.pymirror.simple.ProjectPage;
import dev.pymirror.simple.ProvenanceObject;
import dev.pymirror.simple.Yank;
import dev.pymirror.store.StagedFile;
import dev.pymirror.sync.manifest.FileRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Writes a tree's pages: each project's {@code index.html} and {@code index.json}, and the root's.
 * A page is replaced atomically and only when its bytes change, so a reader never sees half a page
 * and a second sync that changes nothing writes nothing.
 *
 * <p>Links are relative (the file name, percent-encoded), so the same pages work over
 * {@code file://} and under any URL a web server puts them.
 */
public final class TreePages {

    private final MirrorTree tree;

    public TreePages(MirrorTree tree) {
        this.tree = tree;
    }

    /** The page of a project that holds these files (name to record), sorted by file name. */
    public static ProjectPage page(ProjectName project, Map<String, FileRecord> files) {
        List<ProjectFile> entries = new java.util.ArrayList<>();
        TreeSet<String> versions = new TreeSet<>();
        for (String filename : new TreeSet<>(files.keySet())) {
            FileRecord r = files.get(filename);
            ProjectFile.Builder b = ProjectFile.builder(filename, encode(filename))
                    .hash("sha256", r.sha256())
                    .size(r.size())
                    .requiresPython(r.requiresPython());
            if (r.yanked() != null) {
                b.yank(Yank.because(r.yanked()));
            }
            if (r.uploadTime() != null) {
                b.uploadTime(parseTime(r.uploadTime()));
            }
            if (r.metadataSha256() != null) {
                b.coreMetadata(CoreMetadata.withHashes(Map.of("sha256", r.metadataSha256())));
            }
            if (r.provenanceSha256() != null) {
                b.provenance(encode(filename) + ProvenanceObject.SUFFIX);
            }
            entries.add(b.build());
            versionOf(filename).ifPresent(versions::add);
        }
        return ProjectPage.builder(project).apiVersion(dev.pymirror.simple.ApiVersion.V1_1).files(entries)
                .versions(versions).build();
    }

    /** An upload time as the manifest keeps it (ISO 8601); one that cannot be read is left out. */
    private static java.time.Instant parseTime(String text) {
        try {
            return java.time.Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private static java.util.Optional<String> versionOf(String filename) {
        try {
            return java.util.Optional.of(dev.pymirror.packaging.dist.DistributionFilename.parse(filename).version().toString());
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * Writes a project's two pages when they differ from what is on disk.
     *
     * @return true when a page was written
     */
    public boolean writeProject(ProjectName project, Map<String, FileRecord> files) throws IOException {
        ProjectPage page = page(project, files);
        Path dir = tree.projectDir(project);
        boolean html = replaceIfChanged(dir.resolve(MirrorTree.HTML_PAGE), HtmlCodec.INSTANCE.writeProjectPage(page));
        boolean json = replaceIfChanged(dir.resolve(MirrorTree.JSON_PAGE), JsonCodec.INSTANCE.writeProjectPage(page));
        return html || json;
    }

    /** Writes the root's two pages when they differ; returns true when one was written. */
    public boolean writeRoot(Collection<ProjectName> projects) throws IOException {
        ProjectList list = ProjectList.of(new TreeSet<>(projects));
        boolean html = replaceIfChanged(tree.root().resolve(MirrorTree.HTML_PAGE), HtmlCodec.INSTANCE.writeProjectList(list));
        boolean json = replaceIfChanged(tree.root().resolve(MirrorTree.JSON_PAGE), JsonCodec.INSTANCE.writeProjectList(list));
        return html || json;
    }

    /** Removes the pages of a project that has no files left, and its directory if empty. */
    public void removeProject(ProjectName project) throws IOException {
        Path dir = tree.projectDir(project);
        Files.deleteIfExists(dir.resolve(MirrorTree.HTML_PAGE));
        Files.deleteIfExists(dir.resolve(MirrorTree.JSON_PAGE));
        try (var rest = Files.list(dir)) {
            if (rest.findAny().isEmpty()) {
                Files.deleteIfExists(dir);
            }
        } catch (NoSuchFileException e) {
            // Already gone.
        }
    }

    private static boolean replaceIfChanged(Path target, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        try {
            if (Files.size(target) == bytes.length && Arrays.equals(Files.readAllBytes(target), bytes)) {
                return false;
            }
        } catch (NoSuchFileException e) {
            // A new page.
        }
        try (StagedFile staged = StagedFile.create(target)) {
            staged.write(bytes, 0, bytes.length);
            staged.publish(null, bytes.length);
        }
        return true;
    }

    /** A file name as a relative URL: letters, digits and {@code -._~+!} as they are, the rest percent-encoded. */
    static String encode(String filename) {
        StringBuilder out = new StringBuilder(filename.length());
        for (byte b : filename.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~+!".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }
}
