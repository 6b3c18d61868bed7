package dev.pymirror.server.guard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pymirror.advisories.AdvisoryStore;
import dev.pymirror.hash.Sha256;
import dev.pymirror.store.StagedFile;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code ETag} and {@code Last-Modified} of the last archive fetched completely from an
 * {@code advisories-url}, kept beside the store ({@code <data>/advisories/feed-validators.json}) so
 * that the first fetch after a restart can be answered 304 instead of sending the whole archive
 * again. They are kept for one URL, named by its SHA-256 only (the URL may hold credentials): a
 * server given another URL fetches that one whole.
 *
 * @param etag null when the server sent none
 * @param lastModified null when the server sent none
 */
record FeedValidators(String etag, String lastModified) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final FeedValidators NONE = new FeedValidators(null, null);

    boolean isEmpty() {
        return etag == null && lastModified == null;
    }

    void save(AdvisoryStore store, URI url) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("url-sha256", digest(url));
        root.put("etag", etag);
        root.put("last-modified", lastModified);
        Files.createDirectories(file(store).getParent());
        try (StagedFile staged = StagedFile.create(file(store))) {
            JSON.writeValue(staged.outputStream(), root);
            staged.publish(null, -1);
        }
    }

    /**
     * Those saved for {@code url}, if the store they came with is there: validators without the data
     * imported from their archive would keep that data from ever being fetched again.
     */
    static FeedValidators read(AdvisoryStore store, URI url) {
        if (!Files.isRegularFile(store.file())) {
            return NONE;
        }
        try {
            JsonNode root = JSON.readTree(Files.readAllBytes(file(store)));
            if (!root.path("url-sha256").asText().equals(digest(url))) {
                return NONE;
            }
            return new FeedValidators(text(root, "etag").orElse(null), text(root, "last-modified").orElse(null));
        } catch (IOException e) {
            // None kept, or a damaged file: the archive is fetched whole, which rewrites it.
            return NONE;
        }
    }

    private static Optional<String> text(JsonNode root, String key) {
        return root.path(key).isTextual() ? Optional.of(root.path(key).asText()) : Optional.empty();
    }

    private static String digest(URI url) {
        return Sha256.hex(url.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static Path file(AdvisoryStore store) {
        return store.file().resolveSibling("feed-validators.json");
    }
}
