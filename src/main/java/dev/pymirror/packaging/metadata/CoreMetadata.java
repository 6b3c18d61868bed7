package dev.pymirror.packaging.metadata;

import dev.pymirror.packaging.PackagingException;
import dev.pymirror.packaging.ProjectName;
import dev.pymirror.packaging.requirements.Requirement;
import dev.pymirror.packaging.version.SpecifierSet;
import dev.pymirror.packaging.version.Version;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The core metadata of a distribution (a wheel's METADATA, an sdist's PKG-INFO, a PEP 658
 * {@code .metadata} file), with the fields an index and a resolver act on interpreted and checked.
 * Every other field is in {@link #raw()}.
 *
 * @param metadataVersion the declared {@code Metadata-Version}
 * @param name {@code Name}
 * @param version {@code Version}
 * @param summary {@code Summary}, or null
 * @param requiresPython {@code Requires-Python}, {@link SpecifierSet#ANY} when absent
 * @param requiresDist {@code Requires-Dist}, in file order
 * @param providesExtra {@code Provides-Extra}, normalized (PEP 685), in file order
 * @param dynamic {@code Dynamic} (metadata 2.2+), field names in lower case
 * @param raw every field as written
 */
public record CoreMetadata(
        MetadataVersion metadataVersion,
        ProjectName name,
        Version version,
        String summary,
        SpecifierSet requiresPython,
        List<Requirement> requiresDist,
        List<String> providesExtra,
        Set<String> dynamic,
        RawMetadata raw) {

    /** Fields that PEP 643 forbids marking dynamic: a consumer must always be able to trust them. */
    private static final Set<String> NEVER_DYNAMIC = Set.of("name", "version", "metadata-version");

    /** Every field of the core metadata specifications up to {@link MetadataVersion#NEWEST_KNOWN}. */
    private static final Set<String> KNOWN_FIELDS = Set.of(
            "metadata-version", "name", "version", "dynamic", "platform", "supported-platform", "summary",
            "description", "description-content-type", "keywords", "home-page", "download-url", "author",
            "author-email", "maintainer", "maintainer-email", "license", "license-expression",
            "license-file", "classifier", "requires-dist", "requires-python", "requires-external",
            "project-url", "provides-extra", "provides-dist", "obsoletes-dist", "requires", "provides",
            "obsoletes");

    public CoreMetadata {
        requiresDist = List.copyOf(requiresDist);
        providesExtra = List.copyOf(providesExtra);
        dynamic = Set.copyOf(dynamic);
    }

    /**
     * Reads and checks core metadata.
     *
     * @throws InvalidMetadataException naming the field when Metadata-Version, Name or Version is
     *     missing or invalid, or a Requires-Dist, Requires-Python, Provides-Extra or Dynamic value
     *     breaks its standard
     */
    public static CoreMetadata parse(byte[] bytes) {
        return from(RawMetadata.parse(bytes));
    }

    /** As {@link #parse(byte[])}, from text. */
    public static CoreMetadata parse(String text) {
        return from(RawMetadata.parse(text));
    }

    /** Interprets and checks fields already read. */
    public static CoreMetadata from(RawMetadata raw) {
        MetadataVersion metadataVersion = MetadataVersion.parse(raw.first("Metadata-Version"));
        ProjectName name = field("Name", raw.first("Name"), ProjectName::of);
        Version version = field("Version", raw.first("Version"), Version::parse);

        String requiresPythonText = raw.first("Requires-Python");
        SpecifierSet requiresPython = requiresPythonText == null || requiresPythonText.isBlank()
                ? SpecifierSet.ANY
                : field("Requires-Python", requiresPythonText, SpecifierSet::parse);

        List<Requirement> requiresDist = new ArrayList<>();
        for (String value : raw.all("Requires-Dist")) {
            requiresDist.add(field("Requires-Dist", value, Requirement::parse));
        }

        List<String> providesExtra = new ArrayList<>();
        for (String value : raw.all("Provides-Extra")) {
            String extra = value.strip();
            if (!ProjectName.isValid(extra)) {
                throw new InvalidMetadataException("'" + extra + "' is not a valid extra name",
                        "Provides-Extra", value);
            }
            // Before 2.3 extras were not normalized when written; PEP 685 compares them normalized.
            String normalized = ProjectName.normalize(extra);
            if (!providesExtra.contains(normalized)) {
                providesExtra.add(normalized);
            }
        }

        Set<String> dynamic = new LinkedHashSet<>();
        for (String value : raw.all("Dynamic")) {
            String field = value.strip().toLowerCase(Locale.ROOT);
            if (NEVER_DYNAMIC.contains(field)) {
                throw new InvalidMetadataException("'" + value.strip() + "' may not be dynamic (PEP 643)",
                        "Dynamic", value);
            }
            if (!KNOWN_FIELDS.contains(field)) {
                throw new InvalidMetadataException("'" + value.strip() + "' is not a core metadata field",
                        "Dynamic", value);
            }
            dynamic.add(field);
        }

        String summary = raw.first("Summary");
        return new CoreMetadata(metadataVersion, name, version, summary, requiresPython, requiresDist,
                providesExtra, dynamic, raw);
    }

    /** The long description: the {@code Description} field, or the body (metadata 2.1+); null if neither. */
    public String description() {
        String field = raw.first("Description");
        if (field != null) {
            return field;
        }
        return raw.body().isEmpty() ? null : raw.body();
    }

    /**
     * True when the dependencies written here can be trusted without building the distribution:
     * metadata 2.2 or later (PEP 643), with neither Requires-Dist nor Requires-Python marked dynamic.
     * A wheel's metadata is always reliable; this question is for an sdist's PKG-INFO.
     */
    public boolean dependenciesAreReliable() {
        return metadataVersion.isAtLeast(MetadataVersion.V2_2)
                && !dynamic.contains("requires-dist")
                && !dynamic.contains("requires-python");
    }

    /** The fields present that this library does not know (from newer metadata versions or tools). */
    public Set<String> unknownFields() {
        Set<String> unknown = new LinkedHashSet<>(raw.fields().keySet());
        unknown.removeAll(KNOWN_FIELDS);
        return unknown;
    }

    private interface Parser<T> {
        T parse(String text);
    }

    /** Parses one field's value, turning a packaging error into one that names the field. */
    private static <T> T field(String field, String value, Parser<T> parser) {
        if (value == null || value.isBlank()) {
            throw new InvalidMetadataException("is missing", field, String.valueOf(value));
        }
        try {
            return parser.parse(value.strip());
        } catch (PackagingException e) {
            throw new InvalidMetadataException(field, e);
        }
    }
}
