package dev.pymirror.simple;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.pymirror.packaging.InvalidNameException;
import dev.pymirror.packaging.ProjectName;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads one PEP 691 page from a streaming parser. Single use.
 *
 * <p>Problems inside a file object are noted and reported once the object is read, so that the
 * message can name the file even when its {@code filename} key comes after the bad value.
 */
final class JsonPageReader {

    private final JsonParser parser;
    private final String base;

    JsonPageReader(JsonParser parser, String base) {
        this.parser = parser;
        this.base = base;
    }

    ProjectPage readProjectPage() throws IOException {
        startRootObject("A project page");
        String name = null;
        List<ProjectFile> files = null;
        MetaRead meta = null;
        List<String> versions = null;
        List<String> alternateLocations = List.of();
        ProjectStatus status = null;
        while (nextKey()) {
            String key = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (key) {
                case "name" -> name = string(key, value, "");
                case "files" -> files = readFiles(value);
                case "meta" -> meta = readMeta(value);
                case "versions" -> versions = stringArray(key, value, "");
                case "alternate-locations" -> alternateLocations = nullableStringArray(key, value);
                case "project-status" -> status = readStatus(value);
                default -> parser.skipChildren();
            }
        }
        endRoot();
        if (meta == null) {
            throw missing("meta", "");
        }
        if (name == null) {
            throw missing("name", "");
        }
        if (files == null) {
            throw missing("files", "");
        }
        boolean pep700 = meta.meta.apiVersion().isAtLeast(ApiVersion.V1_1);
        if (pep700 && versions == null) {
            throw new InvalidPageException("Missing required key 'versions' (required since API version 1.1)", "");
        }
        if (pep700) {
            for (int i = 0; i < files.size(); i++) {
                if (files.get(i).size().isEmpty()) {
                    throw new InvalidPageException("Missing required key 'size' (required since API version 1.1)",
                            fileLocation(i, files.get(i).filename()));
                }
            }
        }
        try {
            return new ProjectPage(projectName(name, ""), meta.meta, files, versions, meta.tracks, alternateLocations,
                    Optional.ofNullable(status));
        } catch (IllegalArgumentException e) {
            if (e instanceof InvalidPageException invalid) {
                throw invalid;
            }
            throw new InvalidPageException(e.getMessage(), "", e);
        }
    }

    ProjectList readProjectList() throws IOException {
        startRootObject("A project list");
        MetaRead meta = null;
        List<ListedProject> projects = null;
        while (nextKey()) {
            String key = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (key) {
                case "meta" -> meta = readMeta(value);
                case "projects" -> projects = readProjects(value);
                default -> parser.skipChildren();
            }
        }
        endRoot();
        if (meta == null) {
            throw missing("meta", "");
        }
        if (projects == null) {
            throw missing("projects", "");
        }
        return new ProjectList(meta.meta, projects);
    }

    private record MetaRead(PageMeta meta, List<String> tracks) {}

    private MetaRead readMeta(JsonToken token) throws IOException {
        if (token != JsonToken.START_OBJECT) {
            throw new InvalidPageException("Key 'meta' must be an object, found " + describe(token), "");
        }
        ApiVersion version = null;
        OptionalLong serial = OptionalLong.empty();
        List<String> tracks = List.of();
        while (nextKey()) {
            String key = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (key) {
                case "api-version" -> {
                    String text = string(key, value, "meta");
                    try {
                        version = ApiVersion.parse(text.trim());
                    } catch (InvalidPageException e) {
                        throw new InvalidPageException(e.reason(), "meta", e);
                    }
                    if (!version.isSupported()) {
                        throw new InvalidPageException("Unsupported API version " + version
                                + ": this reader understands major version 1", "meta");
                    }
                }
                case "_last-serial" -> {
                    // A private key (leading underscore): read it when it is PyPI's serial, else ignore it.
                    if (value == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER
                            && parser.getLongValue() >= 0) {
                        serial = OptionalLong.of(parser.getLongValue());
                    }
                }
                case "tracks" -> tracks = nullableStringArray(key, value);
                default -> parser.skipChildren();
            }
        }
        if (version == null) {
            throw missing("api-version", "meta");
        }
        return new MetaRead(new PageMeta(version, serial), tracks);
    }

    private ProjectStatus readStatus(JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.START_OBJECT) {
            throw new InvalidPageException("Key 'project-status' must be an object, found " + describe(token), "");
        }
        String status = null;
        String state = null;
        String reason = null;
        while (nextKey()) {
            String key = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (key) {
                case "status" -> status = nullableString(key, value, "project-status");
                // PEP 792's prose names the key 'state' where its example and indexes use 'status'.
                case "state" -> state = nullableString(key, value, "project-status");
                case "reason" -> reason = nullableString(key, value, "project-status");
                default -> parser.skipChildren();
            }
        }
        String marker = status != null ? status : state != null ? state : "active";
        if (marker.isBlank()) {
            marker = "active";
        }
        return ProjectStatus.of(marker, reason);
    }

    private List<ListedProject> readProjects(JsonToken token) throws IOException {
        if (token != JsonToken.START_ARRAY) {
            throw new InvalidPageException("Key 'projects' must be an array, found " + describe(token), "");
        }
        List<ListedProject> projects = new ArrayList<>();
        JsonToken element;
        while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
            int index = projects.size();
            String where = "projects[" + index + "]";
            if (element != JsonToken.START_OBJECT) {
                throw new InvalidPageException("Each project must be an object, found " + describe(element), where);
            }
            String name = null;
            OptionalLong serial = OptionalLong.empty();
            while (nextKey()) {
                String key = parser.currentName();
                JsonToken value = parser.nextToken();
                if (key.equals("name")) {
                    name = string(key, value, where);
                } else if (key.equals("_last-serial") && value == JsonToken.VALUE_NUMBER_INT
                        && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER && parser.getLongValue() >= 0) {
                    serial = OptionalLong.of(parser.getLongValue());
                } else {
                    parser.skipChildren();
                }
            }
            if (name == null) {
                throw missing("name", where);
            }
            projects.add(new ListedProject(projectName(name, where), serial));
        }
        return projects;
    }

    private List<ProjectFile> readFiles(JsonToken token) throws IOException {
        if (token != JsonToken.START_ARRAY) {
            throw new InvalidPageException("Key 'files' must be an array, found " + describe(token), "");
        }
        List<ProjectFile> files = new ArrayList<>();
        JsonToken element;
        while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (element != JsonToken.START_OBJECT) {
                throw new InvalidPageException("Each file must be an object, found " + describe(element),
                        "files[" + files.size() + "]");
            }
            files.add(readFile(files.size()));
        }
        return files;
    }

    /** A problem with one key of a file, held until the file's name is known. */
    private static final class Problem extends Exception {
        Problem(String message) {
            super(message, null, false, false);
        }
    }

    private ProjectFile readFile(int index) throws IOException {
        String filename = null;
        String url = null;
        Map<String, String> hashes = null;
        String requiresPython = null;
        Yank yank = null;
        CoreMetadata coreMetadata = null;
        CoreMetadata legacyMetadata = null;
        boolean coreMetadataSeen = false;
        OptionalLong size = OptionalLong.empty();
        Instant uploadTime = null;
        Boolean gpgSig = null;
        String provenance = null;
        String problem = null;
        while (nextKey()) {
            String key = parser.currentName();
            JsonToken value = parser.nextToken();
            try {
                switch (key) {
                    case "filename" -> filename = fileString(key, value);
                    case "url" -> url = fileString(key, value);
                    case "hashes" -> hashes = hashObject(key, value);
                    case "requires-python" -> requiresPython = nullableFileString(key, value);
                    case "yanked" -> yank = yanked(value);
                    case "core-metadata" -> {
                        coreMetadata = coreMetadata(key, value);
                        coreMetadataSeen = true;
                    }
                    case "dist-info-metadata", "data-dist-info-metadata" -> {
                        CoreMetadata legacy = coreMetadata(key, value);
                        if (legacyMetadata == null) {
                            legacyMetadata = legacy;
                        }
                    }
                    case "size" -> size = size(value);
                    case "upload-time" -> uploadTime = uploadTime(value);
                    case "gpg-sig" -> gpgSig = nullableBoolean(key, value);
                    case "provenance" -> {
                        String text = nullableFileString(key, value);
                        provenance = text == null ? null : UrlReferences.resolve(base, text);
                    }
                    default -> parser.skipChildren();
                }
            } catch (Problem p) {
                if (problem == null) {
                    problem = p.getMessage();
                }
                parser.skipChildren();
            }
        }
        String where = fileLocation(index, filename);
        if (problem != null) {
            throw new InvalidPageException(problem, where);
        }
        if (filename == null) {
            throw missing("filename", where);
        }
        if (url == null) {
            throw missing("url", where);
        }
        if (hashes == null) {
            throw missing("hashes", where);
        }
        String resolved = UrlReferences.resolve(base, url);
        int hash = UrlReferences.fragmentStart(resolved);
        if (hash >= 0) {
            Map<String, String> fromFragment = Digests.fromFragment(resolved.substring(hash + 1));
            if (!fromFragment.isEmpty()) {
                Map<String, String> merged = new LinkedHashMap<>(fromFragment);
                merged.putAll(hashes);
                hashes = merged;
            }
            resolved = resolved.substring(0, hash);
        }
        try {
            return new ProjectFile(filename, resolved, hashes, Optional.ofNullable(requiresPython),
                    Optional.ofNullable(yank), Optional.ofNullable(coreMetadataSeen ? coreMetadata : legacyMetadata),
                    size, Optional.ofNullable(uploadTime), Optional.ofNullable(gpgSig),
                    Optional.ofNullable(provenance));
        } catch (IllegalArgumentException e) {
            throw new InvalidPageException(e.getMessage(), where, e);
        }
    }

    private String fileString(String key, JsonToken token) throws IOException, Problem {
        if (token != JsonToken.VALUE_STRING) {
            throw new Problem("Key '" + key + "' must be a string, found " + describe(token));
        }
        return parser.getText();
    }

    private String nullableFileString(String key, JsonToken token) throws IOException, Problem {
        return token == JsonToken.VALUE_NULL ? null : fileString(key, token);
    }

    private Boolean nullableBoolean(String key, JsonToken token) throws Problem {
        return switch (token) {
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new Problem("Key '" + key + "' must be a boolean, found " + describe(token));
        };
    }

    private Map<String, String> hashObject(String key, JsonToken token) throws IOException, Problem {
        if (token != JsonToken.START_OBJECT) {
            throw new Problem("Key '" + key + "' must be an object, found " + describe(token));
        }
        // Nearly every file has one hash: hold it in locals and make a map only for a second one.
        String firstAlgorithm = null;
        String firstDigest = null;
        Map<String, String> more = null;
        while (nextKey()) {
            String algorithm = parser.currentName();
            JsonToken value = parser.nextToken();
            if (value != JsonToken.VALUE_STRING) {
                parser.skipChildren();
                skipRestOfObject();
                throw new Problem("Key '" + key + "." + algorithm + "' must be a string, found " + describe(value));
            }
            if (firstAlgorithm == null) {
                firstAlgorithm = algorithm;
                firstDigest = parser.getText();
            } else {
                if (more == null) {
                    more = new LinkedHashMap<>(8);
                    more.put(firstAlgorithm, firstDigest);
                }
                more.put(algorithm, parser.getText());
            }
        }
        try {
            if (more != null) {
                return Digests.canonical(more);
            }
            return firstAlgorithm == null
                    ? Map.of()
                    : Map.of(Digests.algorithm(firstAlgorithm), Digests.digest(firstAlgorithm, firstDigest));
        } catch (IllegalArgumentException e) {
            throw new Problem("Key '" + key + "' is invalid: " + e.getMessage());
        }
    }

    private CoreMetadata coreMetadata(String key, JsonToken token) throws IOException, Problem {
        return switch (token) {
            case VALUE_TRUE -> CoreMetadata.AVAILABLE;
            case VALUE_FALSE -> CoreMetadata.NOT_AVAILABLE;
            case VALUE_NULL -> null;
            case START_OBJECT -> {
                Map<String, String> hashes = hashObject(key, token);
                // An empty object is falsy, and falsy means "not available" in the standard.
                yield hashes.isEmpty() ? CoreMetadata.NOT_AVAILABLE : CoreMetadata.withHashes(hashes);
            }
            default -> throw new Problem("Key '" + key + "' must be a boolean or an object of hashes, found "
                    + describe(token));
        };
    }

    private Yank yanked(JsonToken token) throws IOException, Problem {
        return switch (token) {
            case VALUE_TRUE -> Yank.WITHOUT_REASON;
            case VALUE_FALSE, VALUE_NULL -> null;
            // The empty string is falsy, and the standard reads falsy as "not yanked".
            case VALUE_STRING -> parser.getText().isEmpty() ? null : Yank.because(parser.getText());
            default -> throw new Problem("Key 'yanked' must be a boolean or a string, found " + describe(token));
        };
    }

    private OptionalLong size(JsonToken token) throws IOException, Problem {
        if (token == JsonToken.VALUE_NULL) {
            return OptionalLong.empty();
        }
        if (token != JsonToken.VALUE_NUMBER_INT) {
            throw new Problem("Key 'size' must be an integer, found " + describe(token));
        }
        if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw new Problem("Key 'size' is too large: " + parser.getText());
        }
        long value = parser.getLongValue();
        if (value < 0) {
            throw new Problem("Key 'size' must not be negative, found " + value);
        }
        return OptionalLong.of(value);
    }

    private Instant uploadTime(JsonToken token) throws IOException, Problem {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_STRING) {
            throw new Problem("Key 'upload-time' must be a string, found " + describe(token));
        }
        try {
            return UploadTimes.parse(parser.getText());
        } catch (IllegalArgumentException e) {
            throw new Problem("Key 'upload-time' is invalid: " + e.getMessage());
        }
    }

    private void skipRestOfObject() throws IOException {
        while (nextKey()) {
            parser.nextToken();
            parser.skipChildren();
        }
    }

    private String string(String key, JsonToken token, String where) throws IOException {
        if (token != JsonToken.VALUE_STRING) {
            throw new InvalidPageException("Key '" + key + "' must be a string, found " + describe(token), where);
        }
        return parser.getText();
    }

    private String nullableString(String key, JsonToken token, String where) throws IOException {
        return token == JsonToken.VALUE_NULL ? null : string(key, token, where);
    }

    private List<String> nullableStringArray(String key, JsonToken token) throws IOException {
        return token == JsonToken.VALUE_NULL ? List.of() : stringArray(key, token, "");
    }

    private List<String> stringArray(String key, JsonToken token, String where) throws IOException {
        if (token != JsonToken.START_ARRAY) {
            throw new InvalidPageException("Key '" + key + "' must be an array of strings, found " + describe(token),
                    where);
        }
        List<String> values = new ArrayList<>();
        JsonToken element;
        while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (element != JsonToken.VALUE_STRING) {
                throw new InvalidPageException("Key '" + key + "' must be an array of strings, found "
                        + describe(element) + " at index " + values.size(), where);
            }
            values.add(parser.getText());
        }
        return values;
    }

    private ProjectName projectName(String name, String where) {
        try {
            return ProjectName.of(name);
        } catch (InvalidNameException e) {
            throw new InvalidPageException("Invalid project name: " + e.getMessage(), where, e);
        }
    }

    private void startRootObject(String what) throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw new InvalidPageException("The page is empty", "");
        }
        if (first != JsonToken.START_OBJECT) {
            throw new InvalidPageException(what + " must be a JSON object, found " + describe(first), "");
        }
    }

    private void endRoot() throws IOException {
        if (parser.nextToken() != null) {
            throw new InvalidPageException("Unexpected content after the page's JSON object",
                    "line " + parser.currentTokenLocation().getLineNr() + ", column "
                            + parser.currentTokenLocation().getColumnNr());
        }
    }

    /** Advances to the next key of the current object; false at its end. */
    private boolean nextKey() throws IOException {
        return parser.nextToken() == JsonToken.FIELD_NAME;
    }

    private static String fileLocation(int index, String filename) {
        return filename == null ? "files[" + index + "]" : "files[" + index + "] (" + filename + ")";
    }

    private static InvalidPageException missing(String key, String where) {
        return new InvalidPageException("Missing required key '" + key + "'", where);
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "the end of the input";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.asString() == null ? token.name() : "'" + token.asString() + "'";
        };
    }
}
