package dev.pymirror.simple;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;

/**
 * The PEP 691 JSON serialization ({@code application/vnd.pypi.simple.v1+json}), with PEP 700's
 * {@code versions}, {@code size} and {@code upload-time}, PEP 714's {@code core-metadata}, PEP 708's
 * {@code tracks} and {@code alternate-locations}, PEP 740's {@code provenance} and PEP 792's
 * {@code project-status}.
 *
 * <h2>Reading</h2>
 * Unknown keys are ignored, as the standard requires. A missing required key ({@code meta},
 * {@code meta.api-version}, {@code name}, {@code files}, and per file {@code filename},
 * {@code url}, {@code hashes}; since 1.1 also {@code versions} and each file's {@code size}) or a
 * value of the wrong type is an {@link InvalidPageException} naming the key and the file
 * ({@code files[3] (foo-1.0.tar.gz)}). {@code null} counts as absent for optional keys. Legacy
 * {@code dist-info-metadata} and {@code data-dist-info-metadata} are read when
 * {@code core-metadata} is absent. Truthiness follows the standard: {@code "yanked": ""} and
 * {@code "core-metadata": {}} are false. A {@code #sha256=...} fragment on a file URL is moved
 * into its hashes. A major version other than 1 is refused, as PEP 629 requires of clients.
 *
 * <h2>Writing</h2>
 * Compact UTF-8, keys in a fixed order, the project's normalized name as {@code name}. The page's
 * own API version is declared, except that a page claiming 1.1 or later without what 1.1 requires
 * (a size for every file, and versions when there are files) is declared 1.0, so the output is
 * always valid. Only {@code core-metadata} is written, not the legacy names.
 *
 * <p>Both directions stream with Jackson's {@link JsonParser}/{@link JsonGenerator}: a page of
 * thousands of files takes milliseconds.
 */
public final class JsonCodec implements PageCodec {

    /** The codec; it is stateless. */
    public static final JsonCodec INSTANCE = new JsonCodec();

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            // Astral characters as real UTF-8, not \uD83D\uDC0D escapes: the same text whichever way it is written.
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();

    private JsonCodec() {}

    @Override
    public SimpleFormat format() {
        return SimpleFormat.JSON_V1;
    }

    @Override
    public ProjectPage readProjectPage(InputStream body, URI pageUrl) throws IOException {
        requireBody(body);
        try (JsonParser parser = FACTORY.createParser(body)) {
            return new JsonPageReader(parser, base(pageUrl)).readProjectPage();
        } catch (JsonProcessingException e) {
            throw malformed(e);
        }
    }

    @Override
    public ProjectPage readProjectPage(String body, URI pageUrl) {
        requireBody(body);
        try (JsonParser parser = FACTORY.createParser(withoutByteOrderMark(body))) {
            return new JsonPageReader(parser, base(pageUrl)).readProjectPage();
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen: the text is in memory
        }
    }

    @Override
    public ProjectList readProjectList(InputStream body, URI pageUrl) throws IOException {
        requireBody(body);
        try (JsonParser parser = FACTORY.createParser(body)) {
            return new JsonPageReader(parser, base(pageUrl)).readProjectList();
        } catch (JsonProcessingException e) {
            throw malformed(e);
        }
    }

    @Override
    public ProjectList readProjectList(String body, URI pageUrl) {
        requireBody(body);
        try (JsonParser parser = FACTORY.createParser(withoutByteOrderMark(body))) {
            return new JsonPageReader(parser, base(pageUrl)).readProjectList();
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void writeProjectPage(ProjectPage page, OutputStream out) throws IOException {
        requirePage(page, out);
        try (JsonGenerator generator = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            JsonPageWriter.writeProjectPage(page, generator);
        }
    }

    @Override
    public String writeProjectPage(ProjectPage page) {
        requirePage(page, "");
        StringWriter text = new StringWriter(256 + page.files().size() * 320);
        try (JsonGenerator generator = FACTORY.createGenerator(text)) {
            JsonPageWriter.writeProjectPage(page, generator);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    @Override
    public void writeProjectList(ProjectList list, OutputStream out) throws IOException {
        requirePage(list, out);
        try (JsonGenerator generator = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            JsonPageWriter.writeProjectList(list, generator);
        }
    }

    @Override
    public String writeProjectList(ProjectList list) {
        requirePage(list, "");
        StringWriter text = new StringWriter(64 + list.projects().size() * 24);
        try (JsonGenerator generator = FACTORY.createGenerator(text)) {
            JsonPageWriter.writeProjectList(list, generator);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** Everything but an API version above 1.0 that the page's data does not live up to. */
    @Override
    public ProjectPage representable(ProjectPage page) {
        ApiVersion declared = declaredVersion(page);
        return declared.equals(page.meta().apiVersion()) ? page : page.withMeta(page.meta().withApiVersion(declared));
    }

    /** The whole list. */
    @Override
    public ProjectList representable(ProjectList list) {
        return list;
    }

    /** The API version written for {@code page}: its own, or 1.0 when it lacks what 1.1 requires. */
    static ApiVersion declaredVersion(ProjectPage page) {
        ApiVersion version = page.meta().apiVersion();
        if (!version.isAtLeast(ApiVersion.V1_1)) {
            return version;
        }
        boolean missingVersions = page.versions().isEmpty() && !page.files().isEmpty();
        boolean missingSize = page.files().stream().anyMatch(file -> file.size().isEmpty());
        return missingVersions || missingSize ? ApiVersion.V1_0 : version;
    }

    private static String base(URI pageUrl) {
        return pageUrl == null ? null : pageUrl.toString();
    }

    /** Text decoded from bytes that began with a byte order mark still holds it; bytes are detected by Jackson. */
    private static String withoutByteOrderMark(String body) {
        return body.startsWith("\uFEFF") ? body.substring(1) : body;
    }

    private static void requireBody(Object body) {
        if (body == null) {
            throw new InvalidPageException("The page body is null", "");
        }
    }

    private static void requirePage(Object page, Object out) {
        if (page == null || out == null) {
            throw new IllegalArgumentException("A page and somewhere to write it are required");
        }
    }

    private static InvalidPageException malformed(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr();
        return new InvalidPageException("Malformed JSON: " + e.getOriginalMessage(), where, e);
    }
}
