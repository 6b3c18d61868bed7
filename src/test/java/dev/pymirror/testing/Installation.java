package dev.pymirror.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What an {@link Installer} did.
 *
 * @param run the client's process: exit code and output
 * @param installed the distributions installed, normalized name to version, read from the
 *     {@code .dist-info} folders the client wrote
 * @param pageTypes the Content-Types of the index pages the client says it read (its own log), so
 *     that a test knows which encoding it was given; empty when the client does not say
 */
public record Installation(ToolRun run, Map<String, String> installed, Set<String> pageTypes) {

    public Installation {
        installed = Map.copyOf(installed);
        pageTypes = Set.copyOf(pageTypes);
    }

    /** The distributions installed in a site-packages (or {@code --target}) folder, by their {@code .dist-info}. */
    public static Map<String, String> distributionsIn(Path site) throws IOException {
        Map<String, String> found = new TreeMap<>();
        if (!Files.isDirectory(site)) {
            return found;
        }
        try (Stream<Path> children = Files.list(site)) {
            children.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".dist-info")).forEach(n -> {
                String stem = n.substring(0, n.length() - ".dist-info".length());
                int dash = stem.lastIndexOf('-');
                found.put(stem.substring(0, dash).replaceAll("[-_.]+", "-").toLowerCase(java.util.Locale.ROOT),
                        stem.substring(dash + 1));
            });
        }
        return found;
    }
}
