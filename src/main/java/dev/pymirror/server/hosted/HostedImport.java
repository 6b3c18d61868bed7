package dev.pymirror.server.hosted;

import dev.pymirror.hash.Sha256;
import dev.pymirror.packaging.ProjectName;
import dev.pymirror.packaging.dist.DistributionFilename;
import dev.pymirror.packaging.dist.WheelFilename;
import dev.pymirror.server.index.PackageIndex;
import dev.pymirror.server.index.RenderableProjectList;
import dev.pymirror.server.index.RenderableProjectPage;
import dev.pymirror.server.index.Unavailable;
import dev.pymirror.server.index.Upload;
import dev.pymirror.server.index.WriteRefused;
import dev.pymirror.simple.ProjectFile;
import dev.pymirror.simple.Yank;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Copies every file another index holds (a verified bundle's tree, opened as a static index) into a
 * hosted index, each through the upload path ({@link HostedIndex#carry}: its name, form, hash and
 * metadata checked, stored create-only), keeping its upload time and yank.
 *
 * <p>Every file is checked first: a name the hosted index holds with other bytes, or a file that is
 * no distribution, refuses the whole copy, naming each, before anything is stored. A file it serves
 * with the same bytes is left as it is. The others are carried as one import
 * ({@link HostedIndex#openImport}): their log entries are seen by no reader until the import's
 * commit, written after the last of them, so the copy shows whole or not at all. A copy that stopped
 * midway (a crash, a refused file) leaves only unseen entries, and running it again with the same
 * bundle takes the same import, finds what it stored, and commits.
 */
public final class HostedImport {

    private HostedImport() {}

    /**
     * What a copy did: files it made served (stored now, or by a stopped run of the same import), and
     * files the index served already with the same bytes.
     */
    public record Report(int added, int same) {}

    private record Carried(DistributionFilename dist, ProjectFile file, Path path, String sha256) {}

    /**
     * @param uploader recorded as each new file's uploader
     * @param manifestId the bundle's manifest id: what makes a second run the same import
     * @throws WriteRefused when a file cannot be stored: before anything was stored for a conflict,
     *     else with what was stored left unseen for a second run to commit
     */
    public static Report copy(PackageIndex source, HostedIndex into, String uploader, String manifestId)
            throws IOException, WriteRefused {
        List<Carried> files = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int same = 0;
        for (ProjectName project : projects(source)) {
            for (ProjectFile f : page(source, project)) {
                Optional<DistributionFilename> dist = DistributionFilename.tryParse(f.filename());
                Optional<Path> path = stored(source, project, f.filename());
                if (dist.isEmpty()) {
                    problems.add("'" + f.filename() + "' is not a distribution file name");
                } else if (path.isEmpty()) {
                    problems.add("'" + f.filename() + "' is listed but not held by " + source.name());
                } else {
                    // Hashed only when the page states none (orElse would hash every file).
                    Optional<String> stated = f.hash("sha256");
                    String sha256 = stated.isPresent() ? stated.get() : Sha256.hexOf(path.get());
                    Optional<String> conflict = into.conflict(dist.get().name(), f.filename(), sha256);
                    conflict.ifPresent(problems::add);
                    if (conflict.isEmpty() && into.serves(dist.get().name(), f.filename(), sha256)) {
                        same++;
                    } else {
                        files.add(new Carried(dist.get(), f, path.get(), sha256));
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new WriteRefused(409, String.join("; ", problems) + "; nothing was imported into index '"
                    + into.name() + "'");
        }
        if (files.isEmpty()) {
            return new Report(0, same);
        }
        String id = into.openImport(manifestId);
        for (Carried c : files) {
            Upload upload = new Upload(c.file().filename(), Map.of(
                    ":action", List.of("file_upload"),
                    "name", List.of(c.dist().name().normalized()),
                    "version", List.of(c.dist().version().toString()),
                    "filetype", List.of(c.dist() instanceof WheelFilename ? "bdist_wheel" : "sdist"),
                    "sha256_digest", List.of(c.sha256())), uploader);
            try (InputStream in = Files.newInputStream(c.path())) {
                // IDENTICAL too counts as added: stored by this import's crashed run, or uploaded
                // meanwhile, it was not served when the copy began.
                into.carry(upload, in, c.file().uploadTime().orElse(null),
                        c.file().yank().map(Yank::reason).orElse(null), id);
            } catch (WriteRefused e) {
                throw new WriteRefused(e.status(), e.getMessage() + "; nothing was imported into index '"
                        + into.name() + "' (the same bundle imported again goes on from the files stored)");
            }
        }
        into.commitImport(id);
        return new Report(files.size(), same);
    }

    private static List<ProjectName> projects(PackageIndex source) throws IOException {
        try {
            if (source.projectList().page() instanceof RenderableProjectList list) {
                return list.list().names();
            }
            return List.of();
        } catch (Unavailable e) {
            throw new IOException(source.name() + " cannot list its projects: " + e.getMessage(), e);
        }
    }

    private static List<ProjectFile> page(PackageIndex source, ProjectName project) throws IOException {
        try {
            return source.page(project).page() instanceof RenderableProjectPage p ? p.page().files() : List.of();
        } catch (Unavailable e) {
            if (e.status() == 404) {
                return List.of(); // listed, but no page: nothing to carry
            }
            throw new IOException(source.name() + " cannot read the page of '" + project.normalized() + "': "
                    + e.getMessage(), e);
        }
    }

    private static Optional<Path> stored(PackageIndex source, ProjectName project, String filename) {
        try {
            return source.storedFile(project, filename).filter(Files::isRegularFile);
        } catch (Unavailable e) {
            return Optional.empty();
        }
    }
}
