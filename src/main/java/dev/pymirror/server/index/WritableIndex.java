package dev.pymirror.server.index;

import dev.pymirror.packaging.ProjectName;
import java.io.IOException;
import java.io.InputStream;

/** An index that takes uploads and lets its files be yanked, unyanked and deleted. */
public interface WritableIndex extends PackageIndex {

    /** What an accepted upload did. */
    enum Stored {
        /** The file is new and now visible. */
        NEW,
        /** The same bytes were there already; nothing changed. */
        IDENTICAL
    }

    /** The largest file this index takes. */
    long maxUploadBytes();

    /**
     * Stores an uploaded file once it is complete and checked.
     *
     * @param content the file's bytes, read to the end or until refused
     * @throws WriteRefused 400 for a malformed upload, 409 when the name is taken by other bytes
     */
    Stored upload(Upload upload, InputStream content) throws WriteRefused, IOException;

    /** Marks a file yanked (PEP 592); a reason may be empty. @throws WriteRefused 404 when no such file */
    void yank(ProjectName project, String filename, String reason) throws WriteRefused, IOException;

    /** Takes the yank mark off a file. @throws WriteRefused 404 when no such file */
    void unyank(ProjectName project, String filename) throws WriteRefused, IOException;

    /** Removes a file and its metadata. @throws WriteRefused 404 when no such file */
    void delete(ProjectName project, String filename) throws WriteRefused, IOException;
}
