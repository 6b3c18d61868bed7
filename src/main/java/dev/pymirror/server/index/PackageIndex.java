package dev.pymirror.server.index;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pymirror.packaging.ProjectName;
import java.io.IOException;
import java.nio.file.Path;

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
     * A project's page.
     *
     * @throws Unavailable with 404 when the index has no such project, 502/504 when its source failed
     */
    PageAnswer page(ProjectName project) throws Unavailable;

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
     * The PEP 658 core metadata of a file, as a file on disk.
     *
     * @throws Unavailable with 404 when there is none
     */
    Path metadata(ProjectName project, String filename) throws Unavailable, IOException;

    /** A description for {@code /health}: kind, source, and state. */
    void describe(ObjectNode into);
}
