package dev.pymirror.sync.resolve;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.packaging.metadata.CoreMetadata;
import dev.pymirror.simple.ProjectFile;
import java.util.Collection;
import java.util.List;

/**
 * What the resolver needs to know about projects, and nothing more: which files a project has and
 * what a file's core metadata says. An upstream index over HTTP implements it; so does a graph
 * built in memory by a test.
 *
 * <p>Implementations must be thread-safe: targets are resolved in parallel over one index.
 */
public interface PackageIndex {

    /**
     * The files the index lists for a project, as its page gives them (names, hashes, yanked,
     * Requires-Python, core-metadata availability).
     *
     * @return an empty list when the index has no such project
     * @throws IndexException when the index cannot answer
     */
    List<ProjectFile> files(ProjectName project) throws IndexException;

    /**
     * The core metadata of one of {@code project}'s files: a wheel's METADATA or an sdist's PKG-INFO.
     *
     * @throws UnusableFileException when this file's metadata is missing or invalid: the resolver
     *     passes over the file, as pip does
     * @throws IndexException when the index cannot answer
     */
    CoreMetadata metadata(ProjectName project, ProjectFile file) throws IndexException, UnusableFileException;

    /** A hint that these projects' files will be asked for soon; an index over a network starts fetching. */
    default void prefetchFiles(Collection<ProjectName> projects) {}

    /** A hint that this file's metadata will probably be asked for soon. */
    default void prefetchMetadata(ProjectName project, ProjectFile file) {}
}
