package dev.pymirror.server.web;

import dev.pymirror.simple.ProjectFile;

/**
 * One file of a project page with what the UI adds to what the page says.
 *
 * @param file the file as the index's page lists it
 * @param version the version its name gives; null when the name is not a distribution's
 * @param origin where it comes from: the member chain of a group and, for a mirror, its upstream
 *     (e.g. {@code pypi ← https://pypi.org/simple/}); null when the index itself holds it
 * @param cached for a mirror's file whether it is in the cache; null when no mirror is involved
 * @param uploader for a hosted index's file who uploaded it; null otherwise or when not recorded
 */
record FileRow(ProjectFile file, String version, String origin, Boolean cached, String uploader) {}
