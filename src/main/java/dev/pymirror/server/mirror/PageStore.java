package dev.pymirror.server.mirror;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pymirror.packaging.ProjectName;
import dev.pymirror.simple.JsonCodec;
import dev.pymirror.simple.ProjectList;
import dev.pymirror.simple.ProjectPage;
import dev.pymirror.store.blob.BlobStore;
import dev.pymirror.store.blob.Content;
import dev.pymirror.store.blob.Document;
import dev.pymirror.store.blob.StorageException;
import dev.pymirror.upstream.Validators;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream pages kept as documents in the index's storage, so that they survive a restart and every
 * node sharing a bucket sees the others' fetches: {@code pages/<name>.json} holds the page in PEP 691
 * JSON and {@code pages/<name>.state.json} when and with which validators it was fetched, from which
 * upstream, and the SHA-256 of the page it describes. Each is replaced whole, last writer wins: a
 * cache of the upstream loses nothing a concurrent writer's copy does not hold too.
 *
 * <p>The page is written before its state. A state whose page hash does not match the page read
 * beside it (another node's write between the two reads, or a crash between the two writes) is not
 * trusted with its validators: the page is then fetched afresh, never revalidated, so an old page can
 * never be confirmed by a new page's validators. A state without a page hash (written before it was
 * kept) is trusted as it was.
 *
 * <p>Each read remembers the documents' validators, so reading again is a conditional GET on a
 * bucket (a {@code stat} on a disk) that moves no body when nothing changed.
 */
final class PageStore {

    private static final Logger LOG = LoggerFactory.getLogger(PageStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String ROOT = ".root";

    private final BlobStore store;
    private final String prefix;
    private final JsonCodec codec = JsonCodec.INSTANCE;
    /** What was last read or written per page, to read again only what changed. */
    private final Map<String, Known> known = new ConcurrentHashMap<>();

    private record Known(Document page, Document state, Cached<?> cached) {}

    /** @param prefix the keys' beginning: {@code pages/} under the index's own */
    PageStore(BlobStore store, String prefix) {
        this.store = store;
        this.prefix = prefix;
    }

    /** @throws StorageException when the storage does not answer (a damaged entry is no page) */
    Optional<Cached<ProjectPage>> load(ProjectName name) throws StorageException {
        return load(name.normalized(), text -> codec.readProjectPage(text, null));
    }

    /** The upstream's project list, kept as {@code .root.json} (no project name starts with a dot). */
    Optional<Cached<ProjectList>> loadList() throws StorageException {
        return load(ROOT, text -> codec.readProjectList(text, null));
    }

    void saveList(Cached<ProjectList> cached) throws IOException {
        save(ROOT, codec.writeProjectList(cached.page()), cached);
    }

    /** The names of the projects whose pages are stored. */
    List<ProjectName> storedProjects() throws IOException {
        return store.list(prefix).stream().map(o -> o.key().substring(prefix.length()))
                .filter(n -> n.endsWith(".json") && !n.endsWith(".state.json") && !n.startsWith(".") && !n.contains("/"))
                .map(n -> n.substring(0, n.length() - ".json".length()))
                .filter(ProjectName::isValid).sorted().map(ProjectName::of).toList();
    }

    @SuppressWarnings("unchecked")
    private <T> Optional<Cached<T>> load(String key, Function<String, T> reader) throws StorageException {
        Known before = known.get(key);
        try {
            Optional<Document> state = before == null ? store.readDocument(stateKey(key))
                    : store.readDocumentIfChanged(stateKey(key), before.state());
            if (state.isEmpty()) {
                known.remove(key);
                return Optional.empty();
            }
            if (before != null && state.get() == before.state()) {
                return Optional.of((Cached<T>) before.cached());
            }
            Optional<Document> page = before == null ? store.readDocument(pageKey(key))
                    : store.readDocumentIfChanged(pageKey(key), before.page());
            if (page.isEmpty()) {
                known.remove(key);
                return Optional.empty();
            }
            T parsed = reader.apply(new String(page.get().bytes(), StandardCharsets.UTF_8));
            JsonNode s = JSON.readTree(state.get().bytes());
            String upstream = text(s, "upstream");
            Instant fetchedAt = Instant.ofEpochMilli(s.path("fetched-at").asLong(0));
            String pageHash = text(s, "page-sha256");
            if (pageHash != null && !pageHash.equals(Content.of(page.get().bytes()).sha256())) {
                // Another writer's page and state, read half before and half after its write: the
                // page is kept to fall back on, but asked for afresh rather than revalidated.
                return Optional.of(new Cached<>(parsed, Validators.NONE, Instant.EPOCH, null));
            }
            Cached<T> cached = new Cached<>(parsed, new Validators(text(s, "etag"), text(s, "last-modified")),
                    fetchedAt, upstream == null ? null : URI.create(upstream));
            known.put(key, new Known(page.get(), state.get(), cached));
            return Optional.of(cached);
        } catch (StorageException e) {
            throw e;
        } catch (IOException | IllegalArgumentException e) {
            // A damaged entry is not fatal: the page is fetched again as if it had never been cached.
            LOG.warn("Ignoring the cached page {}: {}", key, e.getMessage());
            return Optional.empty();
        }
    }

    void save(ProjectName name, Cached<ProjectPage> cached) throws IOException {
        save(name.normalized(), codec.writeProjectPage(cached.page()), cached);
    }

    private void save(String key, String text, Cached<?> cached) throws IOException {
        Document page = store.writeDocument(pageKey(key), text.getBytes(StandardCharsets.UTF_8));
        Document state = store.writeDocument(stateKey(key), state(cached, page));
        known.put(key, new Known(page, state, cached));
    }

    /** Records a 304: the stored page stays, its confirmation time moves. */
    void saveState(String key, Cached<?> cached) throws IOException {
        Known before = known.get(key);
        Optional<Document> page = before != null ? Optional.of(before.page()) : store.readDocument(pageKey(key));
        if (page.isEmpty()) {
            return; // removed meanwhile: the next request fetches it afresh
        }
        Document state = store.writeDocument(stateKey(key), state(cached, page.get()));
        known.put(key, new Known(page.get(), state, cached));
    }

    private static byte[] state(Cached<?> cached, Document page) throws IOException {
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
        s.put("page-sha256", Content.of(page.bytes()).sha256());
        return JSON.writeValueAsBytes(s);
    }

    private String pageKey(String key) {
        return prefix + key + ".json";
    }

    private String stateKey(String key) {
        return prefix + key + ".state.json";
    }

    private static String text(JsonNode node, String key) {
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }
}
