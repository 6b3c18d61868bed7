package dev.pymirror.simple;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Writes PEP 691 pages to a streaming generator, keys in a fixed order. */
final class JsonPageWriter {

    // Key names encoded once: a page writes each of them thousands of times.
    private static final SerializedString FILENAME = new SerializedString("filename");
    private static final SerializedString URL = new SerializedString("url");
    private static final SerializedString HASHES = new SerializedString("hashes");
    private static final SerializedString REQUIRES_PYTHON = new SerializedString("requires-python");
    private static final SerializedString CORE_METADATA = new SerializedString("core-metadata");
    private static final SerializedString GPG_SIG = new SerializedString("gpg-sig");
    private static final SerializedString YANKED = new SerializedString("yanked");
    private static final SerializedString SIZE = new SerializedString("size");
    private static final SerializedString UPLOAD_TIME = new SerializedString("upload-time");
    private static final SerializedString PROVENANCE = new SerializedString("provenance");
    private static final SerializedString NAME = new SerializedString("name");
    private static final SerializedString LAST_SERIAL = new SerializedString("_last-serial");

    private JsonPageWriter() {}

    static void writeProjectPage(ProjectPage page, JsonGenerator out) throws IOException {
        ApiVersion version = JsonCodec.declaredVersion(page);
        out.writeStartObject();
        writeMeta(out, page.meta().withApiVersion(version), page.tracks());
        out.writeStringField("name", page.name().normalized());
        if (page.status().isPresent()) {
            ProjectStatus status = page.status().get();
            out.writeObjectFieldStart("project-status");
            out.writeStringField("status", status.status());
            if (status.reason().isPresent()) {
                out.writeStringField("reason", status.reason().get());
            }
            out.writeEndObject();
        }
        if (!page.alternateLocations().isEmpty()) {
            writeStrings(out, "alternate-locations", page.alternateLocations());
        }
        if (version.isAtLeast(ApiVersion.V1_1) || !page.versions().isEmpty()) {
            writeStrings(out, "versions", page.versions());
        }
        out.writeArrayFieldStart("files");
        for (ProjectFile file : page.files()) {
            writeFile(out, file);
        }
        out.writeEndArray();
        out.writeEndObject();
    }

    static void writeProjectList(ProjectList list, JsonGenerator out) throws IOException {
        out.writeStartObject();
        writeMeta(out, list.meta(), List.of());
        out.writeArrayFieldStart("projects");
        for (ListedProject project : list.projects()) {
            out.writeStartObject();
            out.writeFieldName(NAME);
            out.writeString(project.name().original());
            if (project.lastSerial().isPresent()) {
                out.writeFieldName(LAST_SERIAL);
                out.writeNumber(project.lastSerial().getAsLong());
            }
            out.writeEndObject();
        }
        out.writeEndArray();
        out.writeEndObject();
    }

    private static void writeMeta(JsonGenerator out, PageMeta meta, List<String> tracks) throws IOException {
        out.writeObjectFieldStart("meta");
        out.writeStringField("api-version", meta.apiVersion().toString());
        if (meta.lastSerial().isPresent()) {
            out.writeFieldName(LAST_SERIAL);
            out.writeNumber(meta.lastSerial().getAsLong());
        }
        if (!tracks.isEmpty()) {
            writeStrings(out, "tracks", tracks);
        }
        out.writeEndObject();
    }

    private static void writeFile(JsonGenerator out, ProjectFile file) throws IOException {
        out.writeStartObject();
        out.writeFieldName(FILENAME);
        out.writeString(file.filename());
        out.writeFieldName(URL);
        out.writeString(file.url());
        out.writeFieldName(HASHES);
        writeHashes(out, file.hashes());
        if (file.requiresPython().isPresent()) {
            out.writeFieldName(REQUIRES_PYTHON);
            out.writeString(file.requiresPython().get());
        }
        if (file.coreMetadata().isPresent()) {
            CoreMetadata metadata = file.coreMetadata().get();
            out.writeFieldName(CORE_METADATA);
            if (metadata.hashes().isEmpty()) {
                out.writeBoolean(metadata.available());
            } else {
                writeHashes(out, metadata.hashes());
            }
        }
        if (file.gpgSig().isPresent()) {
            out.writeFieldName(GPG_SIG);
            out.writeBoolean(file.gpgSig().get());
        }
        out.writeFieldName(YANKED);
        if (file.yank().isEmpty()) {
            out.writeBoolean(false);
        } else if (file.yank().get().reason().isEmpty()) {
            out.writeBoolean(true);
        } else {
            out.writeString(file.yank().get().reason());
        }
        if (file.size().isPresent()) {
            out.writeFieldName(SIZE);
            out.writeNumber(file.size().getAsLong());
        }
        if (file.uploadTime().isPresent()) {
            out.writeFieldName(UPLOAD_TIME);
            out.writeString(UploadTimes.format(file.uploadTime().get()));
        }
        if (file.provenance().isPresent()) {
            out.writeFieldName(PROVENANCE);
            out.writeString(file.provenance().get());
        }
        out.writeEndObject();
    }

    private static void writeHashes(JsonGenerator out, Map<String, String> hashes) throws IOException {
        out.writeStartObject();
        for (Map.Entry<String, String> hash : hashes.entrySet()) {
            out.writeStringField(hash.getKey(), hash.getValue());
        }
        out.writeEndObject();
    }

    private static void writeStrings(JsonGenerator out, String key, List<String> values) throws IOException {
        out.writeArrayFieldStart(key);
        for (String value : values) {
            out.writeString(value);
        }
        out.writeEndArray();
    }
}
