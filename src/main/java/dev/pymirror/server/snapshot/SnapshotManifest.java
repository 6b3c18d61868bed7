package dev.pymirror.server.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pymirror.packaging.ProjectName;
import dev.pymirror.server.index.FileNames;
import dev.pymirror.simple.JsonCodec;
import dev.pymirror.simple.ProjectPage;
import dev.pymirror.store.blob.ObjectKey;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A snapshot kept in a bucket: one create-only object ({@code .snapshots/NAME/manifest}) that holds
 * what the snapshot is, every project's page as it was frozen (PEP 691 JSON, file URLs relative),
 * and for every file the page lists (and its {@code .metadata} and {@code .provenance}) the key of
 * the snapshot's own copy and its SHA-256. The copies are under {@code objects} (the snapshot's
 * prefix {@code .snapshots/NAME/<id>/}, fresh for each snapshot made, so a name deleted and made
 * again never meets the old copies being removed).
 *
 * <p>Read from a bucket any node or tool may write, so nothing in it is trusted: {@link #parse}
 * checks every name and key before an index serves from it, and says what is wrong.
 *
 * @param info what the snapshot is
 * @param objects the prefix of its objects: every key below starts with it
 * @param projects the frozen projects by normalized name
 */
public record SnapshotManifest(SnapshotInfo info, String objects, Map<String, Project> projects) {

    static final String FORMAT = "pymirror-snapshot-manifest/1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public SnapshotManifest {
        projects = Map.copyOf(projects);
    }

    /**
     * A frozen project.
     *
     * @param page its page (file URLs relative: the file's name)
     * @param files its files, {@code .metadata} and {@code .provenance} objects, by name
     */
    public record Project(ProjectPage page, Map<String, Frozen> files) {
        public Project {
            files = Map.copyOf(files);
        }
    }

    /**
     * A file's copy in the bucket.
     *
     * @param key its key
     * @param sha256 its SHA-256 in lower-case hex
     * @param size its size in bytes
     */
    public record Frozen(String key, String sha256, long size) {}

    /** The manifest's bytes. */
    byte[] toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("format", FORMAT);
        o.set("snapshot", info.toNode());
        o.put("objects", objects);
        ObjectNode all = o.putObject("projects");
        for (Map.Entry<String, Project> p : new TreeMap<>(projects).entrySet()) {
            ObjectNode project = all.putObject(p.getKey());
            try {
                project.set("page", JSON.readTree(JsonCodec.INSTANCE.writeProjectPage(p.getValue().page())));
            } catch (IOException e) {
                throw new IllegalStateException("a page the codec wrote is JSON", e);
            }
            ObjectNode files = project.putObject("files");
            for (Map.Entry<String, Frozen> f : new TreeMap<>(p.getValue().files()).entrySet()) {
                ObjectNode file = files.putObject(f.getKey());
                file.put("key", f.getValue().key());
                file.put("sha256", f.getValue().sha256());
                file.put("size", f.getValue().size());
            }
        }
        try {
            return JSON.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new IllegalStateException(e); // a tree of plain values always serializes
        }
    }

    /**
     * Reads the manifest of snapshot {@code name}.
     *
     * @throws SnapshotException saying what is wrong with it: not a manifest, another snapshot's, a
     *     project, file name or key that is not one, a key outside the snapshot's objects
     */
    static SnapshotManifest parse(String name, byte[] bytes) throws SnapshotException {
        JsonNode o;
        try {
            o = JSON.readTree(bytes);
        } catch (IOException e) {
            throw damaged(name, "it is not JSON");
        }
        if (o == null || !o.path("format").asText().equals(FORMAT)) {
            throw damaged(name, "it is not a " + FORMAT + " manifest");
        }
        SnapshotInfo info;
        try {
            info = SnapshotInfo.fromNode(o.path("snapshot"));
        } catch (IOException e) {
            throw damaged(name, e.getMessage());
        }
        if (!info.name().equals(name)) {
            throw damaged(name, "it is the manifest of another snapshot");
        }
        String objects = o.path("objects").asText();
        if (!objects.startsWith(BucketSnapshots.PREFIX + name + "/") || !objects.endsWith("/") || !validKey(objects + "x")) {
            throw damaged(name, "its objects are not under the snapshot's prefix");
        }
        Map<String, Project> projects = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = o.path("projects").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            String project = p.getKey();
            if (!ProjectName.isValid(project) || !ProjectName.isNormalized(project)) {
                throw damaged(name, "it names a project '" + printable(project) + "' that is no normalized name");
            }
            ProjectPage page;
            try {
                page = JsonCodec.INSTANCE.readProjectPage(p.getValue().path("page").toString(), null);
            } catch (IllegalArgumentException e) { // InvalidPageException among them
                throw damaged(name, "the page of '" + project + "' cannot be read: " + e.getMessage());
            }
            if (!page.name().normalized().equals(project)) {
                throw damaged(name, "the page under '" + project + "' is another project's");
            }
            Map<String, Frozen> files = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> fs = p.getValue().path("files").fields(); fs.hasNext(); ) {
                Map.Entry<String, JsonNode> f = fs.next();
                String key = f.getValue().path("key").asText();
                String sha256 = f.getValue().path("sha256").asText();
                long size = f.getValue().path("size").asLong(-1);
                if (!FileNames.isSafe(f.getKey())) {
                    throw damaged(name, "project '" + project + "' names a file '" + printable(f.getKey())
                            + "' that is no file name");
                }
                if (!key.startsWith(objects) || !validKey(key)) {
                    throw damaged(name, "the key of '" + f.getKey() + "' is not under the snapshot's objects");
                }
                if (!SHA256.matcher(sha256).matches() || size < 0) {
                    throw damaged(name, "'" + f.getKey() + "' has no SHA-256 or size");
                }
                files.put(f.getKey(), new Frozen(key, sha256, size));
            }
            projects.put(project, new Project(page, files));
        }
        return new SnapshotManifest(info, objects, projects);
    }

    private static boolean validKey(String key) {
        try {
            ObjectKey.check(key);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static SnapshotException damaged(String name, String why) {
        return new SnapshotException("the manifest of snapshot '" + name + "' is damaged: " + why);
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(120).forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return b.toString();
    }
}
