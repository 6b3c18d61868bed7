package dev.pymirror.server.time;

import dev.pymirror.simple.ProjectPage;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A project page cut at a time, and what was cut.
 *
 * @param page the page served
 * @param withheld the files left out, each with its upload time (empty when it has none)
 * @param nextUpload the earliest upload time among them, or null: a cut-off that moves (a
 *     cooldown) gives another page once it passes this
 */
public record FilteredPage(ProjectPage page, Map<String, Optional<Instant>> withheld, Instant nextUpload) {

    public FilteredPage {
        withheld = Map.copyOf(withheld);
    }
}
