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
 * @param unlisted files the index lists now that it did not list at the moment (a mirror's
 *     upstream had stopped listing them), each with when it stopped
 */
public record FilteredPage(ProjectPage page, Map<String, Optional<Instant>> withheld, Instant nextUpload,
        Map<String, Instant> unlisted) {

    public FilteredPage {
        withheld = Map.copyOf(withheld);
        unlisted = Map.copyOf(unlisted);
    }

    public FilteredPage(ProjectPage page, Map<String, Optional<Instant>> withheld, Instant nextUpload) {
        this(page, withheld, nextUpload, Map.of());
    }
}
