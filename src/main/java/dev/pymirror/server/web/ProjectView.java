package dev.pymirror.server.web;

import dev.pymirror.simple.ProjectPage;
import java.util.List;

/**
 * A project of one index, as its page on the web UI shows it.
 *
 * @param index the index name
 * @param kind the index's kind
 * @param page the project's page as the index serves it
 * @param files its files with what the UI adds, newest version first
 * @param warning the index's warning when the page is stale; null otherwise
 */
record ProjectView(String index, String kind, ProjectPage page, List<FileRow> files, String warning) {

    ProjectView {
        files = List.copyOf(files);
    }
}
