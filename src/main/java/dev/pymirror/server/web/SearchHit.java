package dev.pymirror.server.web;

import java.util.List;

/**
 * A project the search found, with the indexes that have it (those the reader may read).
 *
 * @param project the project's normalized name
 * @param indexes the index names, in the configuration's order
 */
record SearchHit(String project, List<String> indexes) {

    SearchHit {
        indexes = List.copyOf(indexes);
    }
}
