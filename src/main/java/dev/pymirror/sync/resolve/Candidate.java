package dev.pymirror.sync.resolve;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.packaging.dist.DistributionFilename;
import dev.pymirror.packaging.dist.WheelFilename;
import dev.pymirror.packaging.version.Version;
import dev.pymirror.simple.ProjectFile;

/**
 * One file a target could install for a project.
 *
 * @param name the project
 * @param version the file's version (from its name)
 * @param file the file as the index lists it
 * @param filename its parsed name
 */
public record Candidate(ProjectName name, Version version, ProjectFile file, DistributionFilename filename) {

    /** True for a wheel, false for an sdist. */
    public boolean isWheel() {
        return filename instanceof WheelFilename;
    }

    /** True when the index says the file is yanked (PEP 592). */
    public boolean isYanked() {
        return file.isYanked();
    }

    /** {@code name version}, as messages show a chosen release. */
    public String release() {
        return name.original() + " " + version;
    }

    @Override
    public String toString() {
        return file.filename();
    }
}
