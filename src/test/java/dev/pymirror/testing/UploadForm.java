package dev.pymirror.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A legacy-API upload body as twine builds it (multipart/form-data: {@code :action},
 * {@code protocol_version}, {@code name}, {@code version}, {@code filetype}, digests, then the
 * {@code content} file part), for tests that speak HTTP themselves. Every field can be changed or
 * dropped to make a malformed upload.
 */
public final class UploadForm {

    private static final String BOUNDARY = "pymirror-test-boundary-7d1f0a";

    private final List<Map.Entry<String, String>> fields = new ArrayList<>();
    private String filename;
    private byte[] content;

    private UploadForm() {}

    /** The fields twine sends for this file, with its name and version as given. */
    public static UploadForm of(String filename, byte[] content, String name, String version) {
        UploadForm f = new UploadForm();
        f.filename = filename;
        f.content = content;
        f.field(":action", "file_upload").field("protocol_version", "1").field("name", name).field("version", version)
                .field("filetype", filename.endsWith(".whl") ? "bdist_wheel" : "sdist")
                .field("metadata_version", "2.1")
                .field("md5_digest", hex("MD5", content)).field("sha256_digest", hex("SHA-256", content));
        return f;
    }

    public static UploadForm of(Wheel wheel, String name, String version) {
        return of(wheel.filename(), wheel.bytes(), name, version);
    }

    /** Sets a field, replacing one of the same name. */
    public UploadForm field(String name, String value) {
        fields.removeIf(e -> e.getKey().equals(name));
        fields.add(Map.entry(name, value));
        return this;
    }

    public UploadForm without(String name) {
        fields.removeIf(e -> e.getKey().equals(name));
        return this;
    }

    /** No content part at all. */
    public UploadForm withoutContent() {
        this.content = null;
        return this;
    }

    public String contentType() {
        return "multipart/form-data; boundary=" + BOUNDARY;
    }

    public byte[] body() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (var e : fields) {
            write(out, "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + e.getKey() + "\"\r\n\r\n"
                    + e.getValue() + "\r\n");
        }
        if (content != null) {
            write(out, "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"content\"; filename=\"" + filename
                    + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
            out.writeBytes(content);
            write(out, "\r\n");
        }
        write(out, "--" + BOUNDARY + "--\r\n");
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    static String hex(String algorithm, byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
