package dev.pymirror.server.index;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pymirror.packaging.ProjectName;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One index served at {@code /<name>/simple/}: what its project pages hold and where its files
 * come from. Implementations: a caching mirror of an upstream ({@code server.mirror}); hosted,
 * static and group indexes follow the same contract.
 *
 * <p>Every file an index hands out lives under the server's data directory, so that one resource
 * service can serve them all with ranges and validators.
 */
public interface PackageIndex {

    /** The index's name, its URL segment. */
    String name();

    /**
     * The index that takes this one's uploads, yanks and deletions: itself when it is writable, the
     * index beneath a view that filters what is read (as of a moment, by advisories); null when
     * nothing is written here.
     */
    default WritableIndex writable() {
        return this instanceof WritableIndex w ? w : null;
    }

    /**
     * A project's page.
     *
     * @throws Unavailable with 404 when the index has no such project, 502/504 when its source failed
     */
    PageAnswer page(ProjectName project) throws Unavailable;

    /**
     * What {@link #page} answers, when that is known without waiting: from memory, after at most a
     * stat of a file. Empty means "call {@link #page}", which may wait for a source, a lock or a
     * disk read. The routes run on Jetty's I/O threads, answer ready pages there, and hand everything
     * else to a virtual thread: a warm page then costs no thread hand-off.
     *
     * @throws Unavailable when the answer is known at once to be that error (no such project)
     */
    default Optional<PageAnswer> readyPage(ProjectName project) throws Unavailable {
        return Optional.empty();
    }

    /**
     * The list of all projects (the {@code /simple/} page).
     *
     * @throws Unavailable with 502/504 when its source failed and nothing is cached
     */
    PageAnswer projectList() throws Unavailable;

    /**
     * A file of a project, as listed on its page.
     *
     * @throws Unavailable with 404 when the page lists no such file, 502/504 when its source failed
     */
    FileAnswer file(ProjectName project, String filename) throws Unavailable, IOException;

    /**
     * The PEP 658 core metadata of a file: a file on disk, or bytes checked for this request that
     * are stored after it is answered.
     *
     * @throws Unavailable with 404 when there is none
     */
    MetadataAnswer metadata(ProjectName project, String filename) throws Unavailable, IOException;

    /**
     * The PEP 740 provenance object of a file (served at {@code <file>.provenance}), as a file on
     * disk.
     *
     * @throws Unavailable with 404 when there is none; 502/504 when a source that has it failed
     */
    default Path provenance(ProjectName project, String filename) throws Unavailable, IOException {
        throw new Unavailable(404, "no provenance is served for '" + filename + "'");
    }

    /**
     * A file, or the metadata of one when {@code filename} ends in {@code .metadata}, that is stored
     * already and is known to be served without waiting (see {@link #readyPage}); empty means "call
     * {@link #file} or {@link #metadata}".
     */
    default Optional<Path> storedFile(ProjectName project, String filename) throws Unavailable {
        return Optional.empty();
    }

    /**
     * The changes made to a project's files since they were uploaded (yanks, unyanks, deletions),
     * oldest first, as far as the index knows them: what a view of an earlier moment needs beyond
     * the page itself. Empty when it knows of none.
     *
     * @throws Unavailable as {@link #page} does
     */
    default List<FileEvent> history(ProjectName project) throws Unavailable {
        return List.of();
    }

    /**
     * A description for {@code /health}: kind, source, and state. Anyone who may read the index may
     * read it, so it holds no path of this machine and no credential (an upstream URL is
     * {@link dev.pymirror.upstream.RedactedUrl redacted}), and it costs no scan of the disk: callers
     * poll it.
     */
    void describe(ObjectNode into);
}
