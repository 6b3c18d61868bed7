package dev.pymirror.server.http;

import dev.pymirror.hash.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

/**
 * A response body computed once and served many times: its bytes, a strong ETag from their hash,
 * and a gzip form made on first demand. Pages are served from these, so a warm page costs a map
 * lookup and a write, with no rendering and no compression per request.
 */
public final class RenderedBody {

    /** Below this, gzip saves too little to be worth a header and a CPU cycle. */
    private static final int MIN_GZIP_BYTES = 1024;

    private final byte[] bytes;
    private final String contentType;
    private final String etag;
    private volatile byte[] gzipped;

    public RenderedBody(byte[] bytes, String contentType) {
        this.bytes = bytes;
        this.contentType = contentType;
        this.etag = "\"" + HexFormat.of().formatHex(Sha256.newDigest().digest(bytes), 0, 16) + "\"";
    }

    public byte[] bytes() {
        return bytes;
    }

    public String contentType() {
        return contentType;
    }

    /** The strong ETag of the identity encoding. */
    public String etag() {
        return etag;
    }

    /** The ETag of the gzip encoding: a different representation needs a different tag. */
    public String gzipEtag() {
        return etag.substring(0, etag.length() - 1) + "-gzip\"";
    }

    public boolean worthCompressing() {
        return bytes.length >= MIN_GZIP_BYTES;
    }

    /** The gzip form, computed once (two threads racing compute the same bytes; either wins). */
    public byte[] gzipped() {
        byte[] g = gzipped;
        if (g == null) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4 + 64);
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            g = out.toByteArray();
            gzipped = g;
        }
        return g;
    }

}
