package dev.pymirror.advisories;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pymirror.packaging.ProjectName;
import dev.pymirror.packaging.version.Version;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one OSV record (https://ossf.github.io/osv-schema/) for what concerns PyPI projects.
 *
 * <ul>
 *   <li>Only {@code affected} entries of the {@code PyPI} ecosystem count; a record without one
 *       gives no advisory, one {@code withdrawn} an advisory that affects nothing
 *       ({@link Advisory#withdrawn()}), which replaces an older copy when imported.</li>
 *   <li>{@code ECOSYSTEM} ranges are turned into intervals: events sorted by version (PEP 440,
 *       {@code introduced: "0"} first), each {@code introduced} opening one and the next
 *       {@code fixed} (exclusive) or {@code last_affected} (inclusive) closing it; a {@code limit}
 *       caps them all. {@code GIT} and {@code SEMVER} ranges say nothing of PyPI versions and are
 *       skipped. A range with a version that is not PEP 440, an unknown event, or no
 *       {@code introduced} is an error naming the record and the range.</li>
 *   <li>{@code versions} entries that are not PEP 440 versions are skipped: no file of the index
 *       can have them.</li>
 *   <li>Severity: the record's {@code database_specific.severity} word when it has one (GitHub's
 *       {@code LOW}, {@code MODERATE}, {@code HIGH}, {@code CRITICAL}), else the highest band of its
 *       {@code CVSS_V3} vectors' base scores; otherwise none (CVSS v4 vectors are not scored).</li>
 * </ul>
 */
public final class OsvReader {

    /** OSV's name for the Python Package Index ecosystem. */
    public static final String ECOSYSTEM = "PyPI";

    private OsvReader() {}

    /**
     * The advisory a record gives, if it names any PyPI project.
     *
     * @param where the record's file or zip entry, for messages
     * @throws AdvisoryException when the record breaks the schema where this reader needs it
     */
    public static Optional<Advisory> read(JsonNode record, String where) throws AdvisoryException {
        if (record == null || !record.isObject()) {
            throw new AdvisoryException(where + ": not an OSV record (a JSON object)");
        }
        String id = text(record, "id");
        if (id == null || id.isBlank()) {
            throw new AdvisoryException(where + ": the record has no id");
        }
        String at = where + " (" + id + ")";
        Instant modified = instant(record, "modified", at);
        if (record.hasNonNull("withdrawn")) {
            // Kept as a record naming nothing, so that it replaces an older copy at import.
            boolean pypi = false;
            for (JsonNode entry : record.path("affected")) {
                pypi |= ECOSYSTEM.equals(text(entry.path("package"), "ecosystem"));
            }
            return pypi ? Optional.of(new Advisory(id, modified, List.of(), Optional.empty(), List.of()))
                    : Optional.empty();
        }
        List<AffectedPackage> affected = new ArrayList<>();
        JsonNode entries = record.path("affected");
        for (int k = 0; k < entries.size(); k++) {
            JsonNode entry = entries.get(k);
            JsonNode pkg = entry.path("package");
            if (!ECOSYSTEM.equals(text(pkg, "ecosystem"))) {
                continue;
            }
            String name = text(pkg, "name");
            if (name == null || name.isBlank()) {
                throw new AdvisoryException(at + ": affected[" + k + "] names no package");
            }
            affected.add(affected(entry, ProjectName.normalize(name), at + ": affected[" + k + "] (" + name + ")"));
        }
        if (affected.isEmpty()) {
            return Optional.empty();
        }
        List<String> aliases = new ArrayList<>();
        record.path("aliases").forEach(a -> aliases.add(a.asText()));
        return Optional.of(new Advisory(id, modified, aliases, severity(record), affected));
    }

    /** The parts of a record this reader uses, PyPI entries only: what the store keeps of it. */
    public static ObjectNode trim(JsonNode record) {
        ObjectNode kept = JsonNodeFactory.instance.objectNode();
        for (String key : List.of("id", "modified", "aliases", "withdrawn", "severity")) {
            if (record.has(key)) {
                kept.set(key, record.get(key));
            }
        }
        JsonNode severity = record.path("database_specific").path("severity");
        if (!severity.isMissingNode()) {
            kept.putObject("database_specific").set("severity", severity);
        }
        ArrayNode affected = kept.putArray("affected");
        for (JsonNode entry : record.path("affected")) {
            if (ECOSYSTEM.equals(text(entry.path("package"), "ecosystem"))) {
                ObjectNode e = affected.addObject();
                e.set("package", entry.get("package"));
                ArrayNode ranges = e.putArray("ranges");
                for (JsonNode r : entry.path("ranges")) {
                    if ("ECOSYSTEM".equals(text(r, "type"))) {
                        ranges.add(r);
                    }
                }
                if (entry.has("versions")) {
                    e.set("versions", entry.get("versions"));
                }
            }
        }
        return kept;
    }

    private static AffectedPackage affected(JsonNode entry, String name, String at) throws AdvisoryException {
        List<AffectedRange> ranges = new ArrayList<>();
        JsonNode rangeList = entry.path("ranges");
        int ecosystemRanges = 0;
        for (int k = 0; k < rangeList.size(); k++) {
            JsonNode range = rangeList.get(k);
            if (!"ECOSYSTEM".equals(text(range, "type"))) {
                continue; // GIT commits and SEMVER say nothing of PyPI versions
            }
            ecosystemRanges++;
            ranges.addAll(intervals(range.path("events"), at + ", ranges[" + k + "]"));
        }
        Set<Version> versions = new LinkedHashSet<>();
        for (JsonNode v : entry.path("versions")) {
            Version parsed = Version.parseOrNull(v.asText());
            if (parsed != null) {
                versions.add(parsed);
            }
        }
        boolean every = ecosystemRanges == 0 && !entry.has("versions") && rangeList.isEmpty();
        return new AffectedPackage(name, ranges, versions, every);
    }

    /** One event of a range, its version null for {@code introduced: "0"} (before every version). */
    private record Event(String kind, Version version) {}

    private static List<AffectedRange> intervals(JsonNode events, String at) throws AdvisoryException {
        if (!events.isArray() || events.isEmpty()) {
            throw new AdvisoryException(at + ": an ECOSYSTEM range needs events");
        }
        List<Event> sorted = new ArrayList<>();
        List<Version> limits = new ArrayList<>();
        boolean introduced = false;
        for (JsonNode event : events) {
            if (!event.isObject() || event.size() != 1) {
                throw new AdvisoryException(at + ": each event has exactly one of introduced, fixed, last_affected,"
                        + " limit; found " + event);
            }
            var field = event.properties().iterator().next();
            String kind = field.getKey();
            String text = field.getValue().asText();
            switch (kind) {
                case "introduced" -> {
                    introduced = true;
                    sorted.add(new Event(kind, text.equals("0") ? null : version(text, kind, at)));
                }
                case "fixed", "last_affected" -> sorted.add(new Event(kind, version(text, kind, at)));
                case "limit" -> {
                    if (!text.equals("*")) {
                        limits.add(version(text, kind, at));
                    }
                }
                default -> throw new AdvisoryException(at + ": unknown event '" + kind + "'");
            }
        }
        if (!introduced) {
            throw new AdvisoryException(at + ": the range has no 'introduced' event");
        }
        sorted.sort(Comparator.comparing(Event::version, Comparator.nullsFirst(Comparator.naturalOrder())));
        Version limit = limits.stream().max(Comparator.naturalOrder()).orElse(null);
        List<AffectedRange> out = new ArrayList<>();
        boolean open = false;
        Version start = null;
        for (Event e : sorted) {
            if (e.kind().equals("introduced")) {
                if (!open) {
                    open = true;
                    start = e.version();
                }
            } else if (open) {
                out.add(capped(start, e.kind().equals("fixed") ? e.version() : null,
                        e.kind().equals("last_affected") ? e.version() : null, limit));
                open = false;
            }
        }
        if (open) {
            out.add(capped(start, null, null, limit));
        }
        return out;
    }

    /** An interval below {@code limit} (exclusive, as OSV defines it), when there is one. */
    private static AffectedRange capped(Version start, Version fixed, Version last, Version limit) {
        if (limit != null && (fixed == null && last == null || fixed != null && fixed.compareTo(limit) > 0
                || last != null && last.compareTo(limit) >= 0)) {
            return new AffectedRange(start, limit, null);
        }
        return new AffectedRange(start, fixed, last);
    }

    private static Version version(String text, String kind, String at) throws AdvisoryException {
        Version v = Version.parseOrNull(text);
        if (v == null) {
            throw new AdvisoryException(at + ": " + kind + " '" + text + "' is not a PEP 440 version");
        }
        return v;
    }

    private static Optional<Severity> severity(JsonNode record) {
        Optional<Severity> word = Severity.parse(text(record.path("database_specific"), "severity"));
        if (word.isPresent()) {
            return word;
        }
        Optional<Severity> worst = Optional.empty();
        for (JsonNode s : record.path("severity")) {
            String type = text(s, "type");
            if (type != null && type.startsWith("CVSS_V3")) {
                Optional<Severity> band = CvssV3.baseScore(text(s, "score")).flatMap(Severity::ofScore);
                if (band.isPresent() && (worst.isEmpty() || band.get().compareTo(worst.get()) > 0)) {
                    worst = band;
                }
            }
        }
        return worst;
    }

    private static Instant instant(JsonNode record, String key, String at) throws AdvisoryException {
        String text = text(record, key);
        if (text == null) {
            throw new AdvisoryException(at + ": the record has no '" + key + "' time");
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e2) {
                throw new AdvisoryException(at + ": '" + key + "' is not an RFC 3339 time: '" + text + "'");
            }
        }
    }

    private static String text(JsonNode node, String key) {
        JsonNode v = node.get(key);
        return v == null || !v.isValueNode() ? null : v.asText();
    }
}
