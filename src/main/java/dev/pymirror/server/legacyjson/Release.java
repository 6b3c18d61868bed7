package dev.pymirror.server.legacyjson;

import dev.pymirror.packaging.version.Version;
import dev.pymirror.simple.ProjectFile;
import dev.pymirror.simple.Yank;
import java.util.List;
import java.util.Optional;

/**
 * One version of a project and its files.
 *
 * @param version the version as the document keys it: PEP 440 normalized, or as the page wrote it
 *     when it is not PEP 440
 * @param parsed the PEP 440 version, or null when {@code version} is not one
 * @param files the files of this version, in page order; empty for a version the page lists
 *     without files (PEP 700)
 */
public record Release(String version, Version parsed, List<ProjectFile> files) {

    public Release {
        files = List.copyOf(files);
    }

    /** Yanked when it has files and every one of them is (PEP 592 yanks files, the API releases). */
    public boolean isYanked() {
        return !files.isEmpty() && files.stream().allMatch(ProjectFile::isYanked);
    }

    /** The reason a yanked release gives: the first its files give. */
    public Optional<String> yankedReason() {
        if (!isYanked()) {
            return Optional.empty();
        }
        return files.stream().flatMap(f -> f.yank().flatMap(Yank::givenReason).stream()).findFirst();
    }

    /** A pre-release or development release; a version that is not PEP 440 counts as one too. */
    public boolean isPrerelease() {
        return parsed == null || parsed.isPrerelease();
    }
}
