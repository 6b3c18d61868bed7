package dev.pymirror.server.web;

import java.time.Instant;

/**
 * One upload to a hosted index, for its "recent uploads" table.
 *
 * @param project the project's normalized name
 * @param filename the file
 * @param version the version the upload gave
 * @param uploader who uploaded it; null when not recorded (files stored before uploaders were)
 * @param uploaded when
 * @param yanked the yank reason ("" when none was given); null when not yanked
 */
record UploadRow(String project, String filename, String version, String uploader, Instant uploaded, String yanked) {}
