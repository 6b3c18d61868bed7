package dev.pymirror.server.web;

import dev.pymirror.server.time.TimeFilteredIndex;
import java.time.Duration;
import java.util.List;

/**
 * An index's cooldown ({@code min-age}) as its page shows it.
 *
 * @param minAge how old a file must be to be served
 * @param exempt the normalized names of the projects served without it, sorted
 * @param heldBack what it holds back now, over the pages served since the server started (as
 *     {@code /health} counts it)
 */
record IndexCooldown(Duration minAge, List<String> exempt, TimeFilteredIndex.HeldBack heldBack) {

    IndexCooldown {
        exempt = List.copyOf(exempt);
    }
}
