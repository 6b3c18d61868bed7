package dev.pymirror.server.legacyjson;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.pymirror.packaging.PackagingException;
import dev.pymirror.packaging.dist.DistributionFilename;
import dev.pymirror.packaging.dist.SdistFilename;
import dev.pymirror.packaging.dist.WheelFilename;
import dev.pymirror.packaging.metadata.RawMetadata;
import dev.pymirror.packaging.tags.Tag;
import dev.pymirror.simple.ProjectFile;
import dev.pymirror.simple.ProjectPage;
import dev.pymirror.simple.Yank;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a document of the legacy JSON API in the shape PyPI documents: {@code info} (the core
 * metadata of the release shown), {@code last_serial} when the page has one, {@code releases}
 * (the project document only), {@code urls} (the files of the release shown) and an empty
 * {@code vulnerabilities} (this server knows of none; pip-audit reads the key).
 *
 * <p>Keys that PyPI always sends are always written, {@code null} when unknown, because clients
 * index them directly (poetry reads {@code info["platform"]} and {@code info["requires_dist"]}).
 * {@code requires_dist} is null, not empty, when the metadata lists no dependency or is unknown:
 * PyPI does the same, and poetry then looks inside the files, which is right in both cases.
 * Download counts are PyPI's "not counted" -1.
 */
public final class LegacyJsonDocument {

    private static final JsonFactory JSON = new JsonFactory();

    /** PyPI's {@code upload_time}: UTC to the second, no zone. */
    private static final DateTimeFormatter UPLOAD_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private LegacyJsonDocument() {}

    /**
     * The document of {@code /pypi/<project>/json} (with {@code releases}) or of
     * {@code /pypi/<project>/<version>/json} (without).
     *
     * @param page the project's page as this server serves it
     * @param releases its releases
     * @param shown the release {@code info} and {@code urls} are of; null when there is none (no
     *     release has files): {@code info} then names the project only
     * @param metadata the core metadata of a file of {@code shown}, or null when none could be read
     * @param pageUrl the absolute URL of the project's page on this index, against which the
     *     page's file URLs resolve
     * @param withReleases whether to write {@code releases}
     */
    public static byte[] write(ProjectPage page, Releases releases, Release shown, RawMetadata metadata, URI pageUrl,
            boolean withReleases) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        try (JsonGenerator out = JSON.createGenerator(bytes)) {
            out.writeStartObject();
            writeInfo(out, page, shown, metadata, pageUrl);
            if (page.meta().lastSerial().isPresent()) {
                out.writeNumberField("last_serial", page.meta().lastSerial().getAsLong());
            }
            if (withReleases) {
                out.writeObjectFieldStart("releases");
                for (Release r : releases.ascending()) {
                    out.writeArrayFieldStart(r.version());
                    writeFiles(out, r, pageUrl);
                    out.writeEndArray();
                }
                out.writeEndObject();
            }
            out.writeArrayFieldStart("urls");
            if (shown != null) {
                writeFiles(out, shown, pageUrl);
            }
            out.writeEndArray();
            out.writeArrayFieldStart("vulnerabilities");
            out.writeEndArray();
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    private static void writeInfo(JsonGenerator out, ProjectPage page, Release shown, RawMetadata metadata, URI pageUrl)
            throws IOException {
        RawMetadata m = metadata == null ? RawMetadata.parse("") : metadata;
        String name = m.first("Name") != null ? m.first("Name").strip() : page.name().original();
        out.writeObjectFieldStart("info");
        text(out, "author", m.first("Author"));
        text(out, "author_email", m.first("Author-email"));
        out.writeNullField("bugtrack_url");
        list(out, "classifiers", m.all("Classifier"), false);
        String description = m.first("Description") != null ? m.first("Description")
                : m.body().isEmpty() ? null : m.body();
        text(out, "description", description);
        text(out, "description_content_type", m.first("Description-Content-Type"));
        out.writeNullField("docs_url");
        text(out, "download_url", m.first("Download-URL"));
        out.writeObjectFieldStart("downloads");
        out.writeNumberField("last_day", -1);
        out.writeNumberField("last_month", -1);
        out.writeNumberField("last_week", -1);
        out.writeEndObject();
        list(out, "dynamic", m.all("Dynamic"), true);
        text(out, "home_page", m.first("Home-page"));
        text(out, "keywords", m.first("Keywords"));
        text(out, "license", m.first("License"));
        text(out, "license_expression", m.first("License-Expression"));
        list(out, "license_files", m.all("License-File"), true);
        text(out, "maintainer", m.first("Maintainer"));
        text(out, "maintainer_email", m.first("Maintainer-email"));
        out.writeStringField("name", name);
        out.writeStringField("package_url", pageUrl.toString());
        text(out, "platform", m.first("Platform"));
        out.writeStringField("project_url", pageUrl.toString());
        Map<String, String> urls = projectUrls(m);
        if (urls.isEmpty()) {
            out.writeNullField("project_urls");
        } else {
            out.writeObjectFieldStart("project_urls");
            for (Map.Entry<String, String> e : urls.entrySet()) {
                out.writeStringField(e.getKey(), e.getValue());
            }
            out.writeEndObject();
        }
        list(out, "provides_extra", m.all("Provides-Extra"), true);
        if (shown == null) {
            out.writeNullField("release_url");
        } else {
            out.writeStringField("release_url", resolve(pageUrl,
                    "../../pypi/" + page.name().normalized() + "/" + shown.version() + "/json"));
        }
        list(out, "requires_dist", m.all("Requires-Dist"), true);
        String requiresPython = m.first("Requires-Python");
        text(out, "requires_python", requiresPython == null || requiresPython.isBlank() ? null : requiresPython.strip());
        text(out, "summary", m.first("Summary"));
        text(out, "version", shown == null ? null : shown.version());
        out.writeBooleanField("yanked", shown != null && shown.isYanked());
        text(out, "yanked_reason", shown == null ? null : shown.yankedReason().orElse(null));
        out.writeEndObject();
    }

    /** {@code Project-URL} ({@code label, url}) entries, after Home-page and Download-URL as PyPI lists them. */
    private static Map<String, String> projectUrls(RawMetadata m) {
        Map<String, String> urls = new LinkedHashMap<>();
        if (m.first("Home-page") != null && !m.first("Home-page").isBlank()) {
            urls.put("Homepage", m.first("Home-page").strip());
        }
        if (m.first("Download-URL") != null && !m.first("Download-URL").isBlank()) {
            urls.put("Download", m.first("Download-URL").strip());
        }
        for (String entry : m.all("Project-URL")) {
            int comma = entry.indexOf(',');
            if (comma > 0) {
                urls.putIfAbsent(entry.substring(0, comma).strip(), entry.substring(comma + 1).strip());
            }
        }
        return urls;
    }

    private static void writeFiles(JsonGenerator out, Release release, URI pageUrl) throws IOException {
        for (ProjectFile f : release.files()) {
            out.writeStartObject();
            out.writeStringField("comment_text", "");
            out.writeObjectFieldStart("digests");
            for (Map.Entry<String, String> h : f.hashes().entrySet()) {
                // PyPI's key for BLAKE2b with a 256-bit digest; the simple API has no name for it.
                out.writeStringField(h.getKey().equals("blake2b") && h.getValue().length() == 64 ? "blake2b_256"
                        : h.getKey(), h.getValue());
            }
            out.writeEndObject();
            out.writeNumberField("downloads", -1);
            out.writeStringField("filename", f.filename());
            out.writeBooleanField("has_sig", f.gpgSig().orElse(false));
            text(out, "md5_digest", f.hashes().get("md5"));
            DistributionFilename name = parse(f.filename());
            out.writeStringField("packagetype", name instanceof WheelFilename ? "bdist_wheel" : "sdist");
            out.writeStringField("python_version", pythonVersion(name));
            text(out, "requires_python", f.requiresPython().orElse(null));
            if (f.size().isPresent()) {
                out.writeNumberField("size", f.size().getAsLong());
            } else {
                out.writeNullField("size");
            }
            Instant uploaded = f.uploadTime().orElse(null);
            text(out, "upload_time", uploaded == null ? null : UPLOAD_TIME.format(uploaded.truncatedTo(ChronoUnit.SECONDS)));
            text(out, "upload_time_iso_8601", uploaded == null ? null : uploaded.toString());
            out.writeStringField("url", resolve(pageUrl, f.url()));
            out.writeBooleanField("yanked", f.isYanked());
            text(out, "yanked_reason", f.yank().flatMap(Yank::givenReason).orElse(null));
            out.writeEndObject();
        }
    }

    /** Only files whose names parse are in a {@link Release}. */
    private static DistributionFilename parse(String filename) {
        try {
            return DistributionFilename.parse(filename);
        } catch (PackagingException e) {
            throw new IllegalStateException("a release holds only wheels and sdists: " + filename, e);
        }
    }

    /** PyPI's {@code python_version}: a wheel's Python tag ({@code py3}, {@code cp312}), {@code source} for an sdist. */
    private static String pythonVersion(DistributionFilename name) {
        if (name instanceof SdistFilename) {
            return "source";
        }
        Set<String> interpreters = new LinkedHashSet<>();
        for (Tag t : ((WheelFilename) name).tags()) {
            interpreters.add(t.interpreter());
        }
        return String.join(".", interpreters);
    }

    private static String resolve(URI base, String reference) {
        try {
            return base.resolve(reference).toString();
        } catch (IllegalArgumentException e) {
            return reference; // not a URI reference Java reads: passed on as the page has it
        }
    }

    private static void text(JsonGenerator out, String key, String value) throws IOException {
        if (value == null) {
            out.writeNullField(key);
        } else {
            out.writeStringField(key, value);
        }
    }

    /** A list; with {@code nullWhenEmpty}, null for none, as PyPI writes such keys. */
    private static void list(JsonGenerator out, String key, List<String> values, boolean nullWhenEmpty)
            throws IOException {
        if (values.isEmpty() && nullWhenEmpty) {
            out.writeNullField(key);
            return;
        }
        out.writeArrayFieldStart(key);
        for (String v : values) {
            out.writeString(v.strip());
        }
        out.writeEndArray();
    }
}
