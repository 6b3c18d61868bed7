package dev.pymirror.server.mirror;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pymirror.packaging.ProjectName;
import dev.pymirror.simple.InvalidPageException;
import dev.pymirror.simple.JsonCodec;
import dev.pymirror.simple.ProjectList;
import dev.pymirror.simple.ProjectPage;
import dev.pymirror.store.StagedFile;
import dev.pymirror.upstream.Validators;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream pages on disk, so that they survive a restart: {@code pages/<name>.json} holds the
 * page in PEP 691 JSON and {@code pages/<name>.state.json} when and with which validators it was
 * fetched and from which upstream. Each is replaced atomically; a crash between the two leaves a new page with old
 * validators, which costs one full fetch later and nothing else.
 */
final class PageStore {

    private static final Logger LOG = LoggerFactory.getLogger(PageStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String ROOT = ".root";

    private final Path dir;
    private final JsonCodec codec = JsonCodec.INSTANCE;

    PageStore(Path dir) {
        this.dir = dir;
    }

    Optional<Cached<ProjectPage>> load(ProjectName name) {
        return load(name.normalized(), text -> codec.readProjectPage(text, null));
    }

    /** The upstream's project list, kept as {@code .root.json} (no project name starts with a dot). */
    Optional<Cached<ProjectList>> loadList() {
        return load(ROOT, text -> codec.readProjectList(text, null));
    }

    void saveList(Cached<ProjectList> cached) throws IOException {
        write(dir.resolve(ROOT + ".json"), codec.writeProjectList(cached.page()));
        saveState(ROOT, cached);
    }

    /** The names of the projects whose pages are stored. */
    List<ProjectName> storedProjects() throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".json") && !n.endsWith(".state.json") && !n.startsWith("."))
                    .map(n -> n.substring(0, n.length() - ".json".length()))
                    .filter(ProjectName::isValid).sorted().map(ProjectName::of).toList();
        }
    }

    private <T> Optional<Cached<T>> load(String key, java.util.function.Function<String, T> reader) {
        Path page = dir.resolve(key + ".json");
        Path state = dir.resolve(key + ".state.json");
        try {
            T parsed = reader.apply(Files.readString(page));
            JsonNode s = JSON.readTree(Files.readString(state));
            Validators validators = new Validators(text(s, "etag"), text(s, "last-modified"));
            String upstream = text(s, "upstream");
            return Optional.of(new Cached<>(parsed, validators, Instant.ofEpochMilli(s.path("fetched-at").asLong(0)),
                    upstream == null ? null : URI.create(upstream)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | InvalidPageException e) {
            // A damaged cache entry is not fatal: it is fetched again as if it had never been cached.
            LOG.warn("Ignoring the unreadable cached page {}: {}", key, e.getMessage());
            return Optional.empty();
        }
    }

    void save(ProjectName name, Cached<ProjectPage> cached) throws IOException {
        write(dir.resolve(name.normalized() + ".json"), codec.writeProjectPage(cached.page()));
        saveState(name.normalized(), cached);
    }

    /** Records a 304: the page on disk stays, its confirmation time moves. */
    void saveState(String key, Cached<?> cached) throws IOException {
        ObjectNode s = JSON.createObjectNode();
        s.put("fetched-at", cached.fetchedAt().toEpochMilli());
        if (cached.upstream() != null) {
            s.put("upstream", cached.upstream().toString());
        }
        if (cached.validators().etag() != null) {
            s.put("etag", cached.validators().etag());
        }
        if (cached.validators().lastModified() != null) {
            s.put("last-modified", cached.validators().lastModified());
        }
        write(dir.resolve(key + ".state.json"), JSON.writeValueAsString(s));
    }

    private static void write(Path target, String text) throws IOException {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        // Not forced to disk: a page is a copy of the upstream's, and load() fetches again one that
        // a crash left empty or short (it does not parse). Four forces per page were most of what a
        // fresh page cost the client on a real disk (BENCHMARKS.md).
        try (StagedFile f = StagedFile.create(target).durability(StagedFile.Durability.CHECKED_ON_READ)) {
            f.write(bytes, 0, bytes.length);
            f.publish(null, bytes.length);
        }
    }

    private static String text(JsonNode node, String key) {
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }
}
