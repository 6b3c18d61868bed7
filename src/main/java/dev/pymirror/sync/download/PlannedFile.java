package dev.pymirror.sync.download;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.simple.ProjectFile;
import java.nio.file.Path;
import java.util.List;

/**
 * A file the mirror needs.
 *
 * @param project its project
 * @param source the file as the upstream lists it, with the Requires-Python of its metadata when
 *     the upstream's entry gives none
 * @param target where it goes in the tree
 * @param expected what its bytes must be
 * @param targets the names of the targets that chose it
 */
public record PlannedFile(ProjectName project, ProjectFile source, Path target, ExpectedFile expected,
        List<String> targets) {

    public PlannedFile {
        targets = List.copyOf(targets);
    }

    public String filename() {
        return source.filename();
    }
}
