package dev.pymirror.sync.index;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.packaging.metadata.CoreMetadata;
import dev.pymirror.simple.ProjectFile;
import java.util.Collection;
import java.util.List;

/**
 * Guesses, ahead of the resolver, what it will ask for next, so that the index can fetch it in
 * parallel: which file's metadata a project page will lead to, and which projects a release's
 * metadata will lead to. A wrong guess costs a request; a right one takes a round trip off the
 * resolver's path, which otherwise waits level by level down the dependency graph.
 */
public interface Speculation {

    /** The files of a freshly fetched page whose metadata will probably be read. */
    List<ProjectFile> likelyFiles(ProjectName project, List<ProjectFile> files);

    /** The projects whose pages a release's metadata will probably lead to. */
    Collection<ProjectName> likelyDependencies(CoreMetadata metadata);

    /** No guesses: fetch only what is asked. */
    Speculation NONE = new Speculation() {
        @Override
        public List<ProjectFile> likelyFiles(ProjectName project, List<ProjectFile> files) {
            return List.of();
        }

        @Override
        public Collection<ProjectName> likelyDependencies(CoreMetadata metadata) {
            return List.of();
        }
    };
}
