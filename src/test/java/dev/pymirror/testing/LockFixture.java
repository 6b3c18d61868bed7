package dev.pymirror.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pymirror.packaging.dist.DistributionFilename;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Writes lock files, as TOML, of a real workload ({@code ../shared/workloads/NAME.json}, a uv.lock
 * as JSON) whose files are those a test index serves: the workload gives the names, versions,
 * edges, markers and forks; the served files (under {@code files/} of a {@link WorkloadUpstream})
 * give the file names, sizes and hashes, so that the lock matches what the test upstream holds.
 *
 * <p>{@link #uvLock} keeps the graph as uv writes it. {@link #pylock} flattens it as PEP 751
 * asks: each package gets the marker under which the workspace needs it (the disjunction, over
 * every path from the workspace, of the markers along it; all extras and groups of the workspace
 * are taken), given up as "always" when it grows beyond a few terms, which only widens the mirror.
 */
public final class LockFixture {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_TERMS = 8;

    private final JsonNode workload;
    private final Map<String, List<Path>> served;
    private final String baseUrl;

    /**
     * @param workload the workload's name, such as {@code saleor}
     * @param upstreamRoot the root of its generated upstream (with {@code files/})
     * @param baseUrl the URL that serves that root, ending in {@code /}
     */
    public LockFixture(String workload, Path upstreamRoot, String baseUrl) throws IOException {
        this.workload = JSON.readTree(Workload.directory().resolve(workload + ".json").toFile());
        this.baseUrl = baseUrl;
        this.served = new TreeMap<>();
        try (Stream<Path> files = Files.list(upstreamRoot.resolve("files"))) {
            for (Path f : files.sorted().toList()) {
                DistributionFilename.tryParse(f.getFileName().toString()).ifPresent(d -> served
                        .computeIfAbsent(d.name().normalized() + " " + d.version(), k -> new ArrayList<>()).add(f));
            }
        }
    }

    /** A file of a release as a lock writes it. */
    private record Entry(String filename, String sha256, long size) {
        boolean wheel() {
            return filename.endsWith(".whl");
        }
    }

    /**
     * The files of a release: those the test index serves, with their hashes; when it serves none,
     * those of the real lock (a test that reads the lock without fetching anything).
     */
    private List<Entry> entries(JsonNode p) throws IOException {
        List<Entry> result = new ArrayList<>();
        for (Path f : filesOf(p.get("name").asText(), p.get("version").asText())) {
            result.add(new Entry(f.getFileName().toString(), sha256(f), Files.size(f)));
        }
        if (result.isEmpty()) {
            for (JsonNode w : p.path("wheels")) {
                result.add(new Entry(w.get("filename").asText(), w.get("sha256").asText(), w.path("size").asLong()));
            }
            JsonNode sdist = p.path("sdist");
            if (sdist.hasNonNull("filename")) {
                result.add(new Entry(sdist.get("filename").asText(), sdist.get("sha256").asText(), sdist.path("size").asLong()));
            }
        }
        return result;
    }

    /** The served files of a release. */
    List<Path> filesOf(String name, String version) {
        String key = dev.pymirror.packaging.ProjectName.normalize(name) + " "
                + dev.pymirror.packaging.version.Version.parse(version);
        return served.getOrDefault(key, List.of());
    }

    /** The workload as a uv.lock (version 1, revision 3). */
    public String uvLock() throws IOException {
        StringBuilder s = new StringBuilder("version = 1\nrevision = 3\n");
        s.append("requires-python = ").append(quote(workload.path("requires_python").asText(">=3.8"))).append('\n');
        array(s, "resolution-markers", strings(workload.path("resolution_markers")));
        array(s, "supported-markers", strings(workload.path("supported_markers")));
        s.append("\n[manifest]\n");
        array(s, "members", strings(workload.path("workspace_members")));
        for (JsonNode p : workload.get("packages")) {
            s.append("\n[[package]]\nname = ").append(quote(p.get("name").asText())).append('\n');
            if (p.hasNonNull("version")) {
                s.append("version = ").append(quote(p.get("version").asText())).append('\n');
            }
            JsonNode source = p.get("source");
            String kind = source.fieldNames().next();
            String value = kind.equals("registry") ? baseUrl + "simple" : source.get(kind).asText();
            s.append("source = { ").append(kind).append(" = ").append(quote(value)).append(" }\n");
            array(s, "resolution-markers", strings(p.path("resolution_markers")));
            edges(s, "dependencies", p.path("dependencies"));
            if (kind.equals("registry")) {
                List<Entry> files = entries(p);
                for (Entry f : files) {
                    if (!f.wheel()) {
                        s.append("sdist = ").append(uvFile(f)).append('\n');
                    }
                }
                s.append("wheels = [\n");
                for (Entry w : files) {
                    if (w.wheel()) {
                        s.append("    ").append(uvFile(w)).append(",\n");
                    }
                }
                s.append("]\n");
            }
            edgeTables(s, "package.optional-dependencies", p.path("optional_dependencies"));
            edgeTables(s, "package.dev-dependencies", p.path("dev_dependencies"));
        }
        return s.toString();
    }

    /** The workload as a PEP 751 lock (lock-version 1.0), for every extra and group of the workspace. */
    public String pylock() throws IOException {
        Map<String, Set<String>> markers = packageMarkers();
        StringBuilder s = new StringBuilder("lock-version = \"1.0\"\n");
        array(s, "environments", strings(workload.path("supported_markers")));
        s.append("requires-python = ").append(quote(workload.path("requires_python").asText(">=3.8"))).append('\n');
        s.append("extras = []\ndependency-groups = []\ndefault-groups = []\ncreated-by = \"pymirror-tests\"\n");
        for (JsonNode p : workload.get("packages")) {
            if (!p.path("source").has("registry")) {
                continue;
            }
            Set<String> terms = markers.get(key(p));
            if (terms == null) {
                continue; // not needed by the workspace anywhere
            }
            s.append("\n[[packages]]\nname = ").append(quote(p.get("name").asText())).append('\n');
            s.append("version = ").append(quote(p.get("version").asText())).append('\n');
            if (!terms.contains("")) {
                s.append("marker = ").append(quote(String.join(" or ", terms.stream().map(t -> "(" + t + ")").toList())))
                        .append('\n');
            }
            s.append("index = ").append(quote(baseUrl + "simple/")).append('\n');
            List<Entry> files = entries(p);
            for (Entry f : files) {
                if (!f.wheel()) {
                    s.append("sdist = ").append(pylockFile(f)).append('\n');
                }
            }
            s.append("wheels = [\n");
            for (Entry f : files) {
                if (f.wheel()) {
                    s.append("    ").append(pylockFile(f)).append(",\n");
                }
            }
            s.append("]\n");
        }
        return s.toString();
    }

    /** Per package (name==version), the marker terms under which the workspace needs it; "" for always. */
    private Map<String, Set<String>> packageMarkers() {
        Map<String, List<JsonNode>> byName = new LinkedHashMap<>();
        for (JsonNode p : workload.get("packages")) {
            byName.computeIfAbsent(p.get("name").asText(), k -> new ArrayList<>()).add(p);
        }
        record State(JsonNode pkg, String extra) {}
        Map<String, Set<String>> result = new LinkedHashMap<>();
        Map<String, Set<String>> stateTerms = new LinkedHashMap<>();
        Deque<State> queue = new ArrayDeque<>();
        for (JsonNode p : workload.get("packages")) {
            if (!p.path("source").has("registry")) {
                stateTerms.put(key(p) + "[]", new LinkedHashSet<>(Set.of("")));
                queue.add(new State(p, ""));
            }
        }
        while (!queue.isEmpty()) {
            State st = queue.poll();
            Set<String> here = stateTerms.get(key(st.pkg()) + "[" + st.extra() + "]");
            List<JsonNode> edges = new ArrayList<>();
            boolean root = !st.pkg().path("source").has("registry");
            if (st.extra().isEmpty()) {
                st.pkg().path("dependencies").forEach(edges::add);
                if (root) {
                    st.pkg().path("optional_dependencies").forEach(g -> g.forEach(edges::add));
                    st.pkg().path("dev_dependencies").forEach(g -> g.forEach(edges::add));
                }
            } else {
                st.pkg().path("optional_dependencies").path(st.extra()).forEach(edges::add);
            }
            for (JsonNode e : edges) {
                for (JsonNode to : byName.getOrDefault(e.get("name").asText(), List.of())) {
                    if (e.hasNonNull("version") && !e.get("version").asText().equals(to.path("version").asText())) {
                        continue;
                    }
                    String edgeMarker = e.hasNonNull("marker") ? e.get("marker").asText() : "";
                    if (!e.hasNonNull("version") && to.has("resolution_markers") && to.get("resolution_markers").size() > 0) {
                        String fork = String.join(" or ", strings(to.get("resolution_markers")).stream()
                                .map(m -> "(" + m + ")").toList());
                        edgeMarker = and(edgeMarker, fork);
                    }
                    List<String> extras = new ArrayList<>(List.of(""));
                    e.path("extra").forEach(x -> extras.add(x.asText()));
                    for (String extra : extras) {
                        String k = key(to) + "[" + extra + "]";
                        Set<String> terms = stateTerms.computeIfAbsent(k, x -> new LinkedHashSet<>());
                        boolean grew = false;
                        for (String t : here) {
                            grew |= addTerm(terms, and(t, edgeMarker));
                        }
                        if (grew) {
                            queue.add(new State(to, extra));
                        }
                    }
                }
            }
        }
        stateTerms.forEach((k, terms) -> {
            if (k.endsWith("[]")) {
                result.put(k.substring(0, k.length() - 2), terms);
            }
        });
        return result;
    }

    /** Adds a term; "always" swallows the rest, and too many terms become "always". */
    private static boolean addTerm(Set<String> terms, String term) {
        if (terms.contains("")) {
            return false;
        }
        if (term.isEmpty() || terms.size() >= MAX_TERMS || term.length() > 400) {
            terms.clear();
            terms.add("");
            return true;
        }
        return terms.add(term);
    }

    private static String and(String a, String b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty() || a.equals(b)) {
            return a;
        }
        return "(" + a + ") and (" + b + ")";
    }

    private static String key(JsonNode p) {
        return p.get("name").asText() + "==" + p.path("version").asText("");
    }

    private String uvFile(Entry f) {
        return "{ url = " + quote(baseUrl + "files/" + f.filename()) + ", hash = " + quote("sha256:" + f.sha256())
                + ", size = " + f.size() + " }";
    }

    private String pylockFile(Entry f) {
        return "{ name = " + quote(f.filename()) + ", url = " + quote(baseUrl + "files/" + f.filename())
                + ", size = " + f.size() + ", hashes = { sha256 = " + quote(f.sha256()) + " } }";
    }

    private static void edges(StringBuilder s, String key, JsonNode edges) {
        if (edges.isMissingNode() || edges.isNull() || edges.isEmpty()) {
            return;
        }
        s.append(key).append(" = [\n");
        for (JsonNode e : edges) {
            s.append("    ").append(edge(e)).append(",\n");
        }
        s.append("]\n");
    }

    private static void edgeTables(StringBuilder s, String table, JsonNode groups) {
        if (groups.isMissingNode() || groups.isNull() || groups.isEmpty()) {
            return;
        }
        s.append("\n[").append(table).append("]\n");
        groups.properties().forEach(g -> {
            s.append(quote(g.getKey())).append(" = [\n");
            g.getValue().forEach(e -> s.append("    ").append(edge(e)).append(",\n"));
            s.append("]\n");
        });
    }

    private static String edge(JsonNode e) {
        StringBuilder s = new StringBuilder("{ name = ").append(quote(e.get("name").asText()));
        if (e.hasNonNull("version")) {
            s.append(", version = ").append(quote(e.get("version").asText()));
        }
        if (e.hasNonNull("extra") && !e.get("extra").isEmpty()) {
            s.append(", extra = [").append(String.join(", ", strings(e.get("extra")).stream().map(LockFixture::quote)
                    .toList())).append(']');
        }
        if (e.hasNonNull("marker")) {
            s.append(", marker = ").append(quote(e.get("marker").asText()));
        }
        return s.append(" }").toString();
    }

    private static void array(StringBuilder s, String key, List<String> values) {
        if (values.isEmpty()) {
            return;
        }
        s.append(key).append(" = [\n");
        values.forEach(v -> s.append("    ").append(quote(v)).append(",\n"));
        s.append("]\n");
    }

    private static List<String> strings(JsonNode array) {
        List<String> result = new ArrayList<>();
        array.forEach(v -> result.add(v.asText()));
        return result;
    }

    /** A TOML basic string. */
    static String quote(String text) {
        StringBuilder s = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                default -> s.append(c);
            }
        }
        return s.append('"').toString();
    }

    static String sha256(Path f) throws IOException {
        try (InputStream in = Files.newInputStream(f)) {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[65536];
            int n;
            while ((n = in.read(buf)) > 0) {
                d.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes text as UTF-8. */
    public static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
