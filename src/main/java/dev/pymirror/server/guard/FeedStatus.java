package dev.pymirror.server.guard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pymirror.advisories.AdvisoryStore;
import dev.pymirror.store.StagedFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * How the fetches from an {@code advisories-url} went: shown by {@code /health}, and kept beside
 * the store ({@code <data>/advisories/feed.json}) for {@code pymirror advisories status}, which
 * runs without the server.
 *
 * @param url redacted
 * @param lastAttempt null before the first
 * @param lastSuccess the last fetch that got an archive or a 304; null if none did
 * @param lastError why the last fetch or import failed, null when it did not
 */
public record FeedStatus(String url, Instant lastAttempt, Instant lastSuccess, String lastError) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static FeedStatus never(String url) {
        return new FeedStatus(url, null, null, null);
    }

    /** Its fields, as /health and feed.json show them. */
    void describe(ObjectNode into) {
        into.put("url", url);
        into.put("last-attempt", lastAttempt == null ? null : lastAttempt.toString());
        into.put("last-success", lastSuccess == null ? null : lastSuccess.toString());
        into.put("last-error", lastError);
    }

    void save(AdvisoryStore store) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        describe(root);
        Files.createDirectories(file(store).getParent());
        try (StagedFile staged = StagedFile.create(file(store))) {
            JSON.writeValue(staged.outputStream(), root);
            staged.publish(null, -1);
        }
    }

    /** What the server last saved; empty when it never fetched, or the file cannot be read. */
    public static Optional<FeedStatus> read(AdvisoryStore store) {
        try {
            JsonNode root = JSON.readTree(Files.readAllBytes(file(store)));
            return Optional.of(new FeedStatus(root.path("url").asText(), instant(root, "last-attempt"),
                    instant(root, "last-success"), root.path("last-error").isTextual()
                            ? root.path("last-error").asText() : null));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | DateTimeParseException e) {
            // Only a report: a damaged one is rewritten by the next fetch.
            return Optional.empty();
        }
    }

    private static Instant instant(JsonNode root, String key) {
        return root.path(key).isTextual() ? Instant.parse(root.path(key).asText()) : null;
    }

    private static Path file(AdvisoryStore store) {
        return store.file().resolveSibling("feed.json");
    }
}
