package dev.pymirror.sync.lock;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A table of a lock file, read with the key path that leads to it, so that a field of the wrong
 * type is reported as {@code uv.lock: package[12].wheels[0].hash must be a string}. A tree read
 * from TOML has lost its line numbers; the path names the place as well.
 */
final class TomlTable {

    private static final TomlMapper TOML = new TomlMapper();

    private final String origin;
    private final String path;
    private final JsonNode node;

    private TomlTable(String origin, String path, JsonNode node) {
        this.origin = origin;
        this.path = path;
        this.node = node;
    }

    /** The document's root table; broken TOML is reported with its line and column. */
    static TomlTable parse(String origin, String text) throws LockFileException {
        JsonNode root;
        try {
            root = TOML.readTree(text);
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            String where = at == null || at.getLineNr() < 1 ? origin : origin + ":" + at.getLineNr() + ":" + at.getColumnNr();
            throw new LockFileException(where + ": not valid TOML: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new LockFileException(origin + ": the file is empty");
        }
        return new TomlTable(origin, "", root);
    }

    String origin() {
        return origin;
    }

    /** {@code package[3].wheels[0]}, or the empty string for the root. */
    String path() {
        return path;
    }

    boolean has(String key) {
        return node.hasNonNull(key);
    }

    Optional<String> string(String key) throws LockFileException {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw wrong(key, "a string");
        }
        return Optional.of(value.asText());
    }

    String requiredString(String key) throws LockFileException {
        return string(key).orElseThrow(() -> missing(key));
    }

    /** An integer, or -1 when absent. */
    long size(String key) throws LockFileException {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return -1;
        }
        if (!value.isIntegralNumber() || value.asLong() < 0) {
            throw wrong(key, "a non-negative integer");
        }
        return value.asLong();
    }

    /** An integer, a string, or absent (empty). */
    Optional<String> scalar(String key) throws LockFileException {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isValueNode()) {
            throw wrong(key, "a string or a number");
        }
        return Optional.of(value.asText());
    }

    Optional<TomlTable> table(String key) throws LockFileException {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isObject()) {
            throw wrong(key, "a table");
        }
        return Optional.of(new TomlTable(origin, join(key), value));
    }

    /** An array of tables; empty when absent. */
    List<TomlTable> tables(String key) throws LockFileException {
        JsonNode value = node.get(key);
        List<TomlTable> result = new ArrayList<>();
        if (value == null || value.isNull()) {
            return result;
        }
        if (!value.isArray()) {
            throw wrong(key, "an array of tables");
        }
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isObject()) {
                throw wrong(key + "[" + i + "]", "a table");
            }
            result.add(new TomlTable(origin, join(key) + "[" + i + "]", value.get(i)));
        }
        return result;
    }

    /** An array of strings; empty when absent. */
    List<String> strings(String key) throws LockFileException {
        JsonNode value = node.get(key);
        List<String> result = new ArrayList<>();
        if (value == null || value.isNull()) {
            return result;
        }
        if (!value.isArray()) {
            throw wrong(key, "an array of strings");
        }
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw wrong(key, "an array of strings");
            }
            result.add(item.asText());
        }
        return result;
    }

    /** The keys of this table, in file order. */
    List<String> keys() {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    /** A failure about this table (or one of its keys), naming where it is. */
    LockFileException problem(String key, String reason) {
        String where = key == null ? path : join(key);
        return new LockFileException(origin + (where.isEmpty() ? "" : ": " + where) + ": " + reason);
    }

    private LockFileException wrong(String key, String what) {
        return problem(key, "must be " + what);
    }

    private LockFileException missing(String key) {
        return problem(key, "is missing");
    }

    private String join(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
