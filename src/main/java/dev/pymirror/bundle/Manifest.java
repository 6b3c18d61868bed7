package dev.pymirror.bundle;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pymirror.hash.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a bundle says it holds, and what it is signed over: every file of the resulting tree (path,
 * size, SHA-256), sorted by path; the objects (file contents by SHA-256) the bundle itself carries;
 * and, for an incremental bundle, the SHA-256 of the manifest it follows, whose tree holds the rest.
 *
 * <p>The JSON is written in one fixed form (field order, sorting, no time), so the same tree gives
 * the same bytes, and it is read strictly: a manifest this class would not write is refused.
 */
public record Manifest(String base, List<BundleFile> files, List<String> objects) {

    public static final String FORMAT = "pymirror-bundle/1";

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final ObjectMapper JSON = new ObjectMapper();

    public Manifest {
        files = List.copyOf(files);
        objects = List.copyOf(objects);
    }

    /** A manifest for these files (any order), carrying the objects the base's tree lacks. */
    public static Manifest of(String base, List<BundleFile> files, Set<String> baseObjects) {
        List<BundleFile> sorted = new ArrayList<>(files);
        sorted.sort(Comparator.comparing(BundleFile::path));
        Set<String> carried = new java.util.TreeSet<>();
        for (BundleFile f : sorted) {
            if (!baseObjects.contains(f.sha256())) {
                carried.add(f.sha256());
            }
        }
        return new Manifest(base, sorted, new ArrayList<>(carried));
    }

    /** Every distinct object the resulting tree needs. */
    public Set<String> allObjects() {
        Set<String> all = new LinkedHashSet<>();
        files.forEach(f -> all.add(f.sha256()));
        return all;
    }

    public long totalBytes() {
        return files.stream().mapToLong(BundleFile::size).sum();
    }

    /** The manifest's bytes, in the one form every writer gives them. */
    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("format", FORMAT);
            if (base != null) {
                g.writeStringField("base", base);
            }
            g.writeArrayFieldStart("files");
            for (BundleFile f : files) {
                g.writeRaw('\n');
                g.writeStartObject();
                g.writeStringField("path", f.path());
                g.writeNumberField("size", f.size());
                g.writeStringField("sha256", f.sha256());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("objects");
            for (String o : objects) {
                g.writeRaw('\n');
                g.writeString(o);
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The SHA-256 (hex) of a manifest's bytes: how an incremental bundle names its base. */
    public static String idOf(byte[] bytes) {
        return Sha256.hex(bytes);
    }

    /** Reads manifest bytes, refusing anything malformed; {@code source} names them in the message. */
    public static Manifest parse(byte[] bytes, String source) throws BundleException {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new BundleException(source + " is not a bundle manifest: it is not JSON");
        } catch (IOException e) {
            throw new BundleException(source + " cannot be read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText(null))) {
            throw new BundleException(source + " is not a bundle manifest of format " + FORMAT);
        }
        String base = null;
        if (root.has("base")) {
            base = root.get("base").asText("");
            if (!SHA256.matcher(base).matches()) {
                throw new BundleException(source + ": base is not a SHA-256");
            }
        }
        JsonNode filesNode = root.path("files");
        JsonNode objectsNode = root.path("objects");
        if (!filesNode.isArray() || !objectsNode.isArray()) {
            throw new BundleException(source + ": files and objects must be lists");
        }
        List<BundleFile> files = new ArrayList<>(filesNode.size());
        Set<String> dirs = new HashSet<>();
        Set<String> hashes = new HashSet<>();
        String previous = null;
        for (JsonNode f : filesNode) {
            String path = f.path("path").asText("");
            String why = TreePath.problem(path);
            if (why != null) {
                throw new BundleException(source + " names " + why + ": '" + path + "'");
            }
            if (previous != null && previous.compareTo(path) >= 0) {
                throw new BundleException(source + ": files are not sorted or '" + path + "' is listed twice");
            }
            previous = path;
            if (!f.path("size").canConvertToLong() || f.path("size").asLong() < 0) {
                throw new BundleException(source + ": '" + path + "' has no valid size");
            }
            String sha = f.path("sha256").asText("");
            if (!SHA256.matcher(sha).matches()) {
                throw new BundleException(source + ": '" + path + "' has no valid sha256");
            }
            for (int i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
                dirs.add(path.substring(0, i));
            }
            hashes.add(sha);
            files.add(new BundleFile(path, f.path("size").asLong(), sha));
        }
        for (BundleFile f : files) {
            if (dirs.contains(f.path())) {
                throw new BundleException(source + ": '" + f.path() + "' is both a file and a directory");
            }
        }
        List<String> objects = new ArrayList<>(objectsNode.size());
        for (JsonNode o : objectsNode) {
            String sha = o.asText("");
            if (!SHA256.matcher(sha).matches() || !hashes.contains(sha)) {
                throw new BundleException(source + ": object '" + sha + "' is no file's SHA-256");
            }
            if (!objects.isEmpty() && objects.getLast().compareTo(sha) >= 0) {
                throw new BundleException(source + ": objects are not sorted or '" + sha + "' is listed twice");
            }
            objects.add(sha);
        }
        if (base == null && objects.size() != hashes.size()) {
            throw new BundleException(source + ": a bundle without a base must carry every object");
        }
        return new Manifest(base, files, objects);
    }
}
