package dev.pymirror.upstream;

import dev.pymirror.upstream.UpstreamException.Kind;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * The {@code Content-Encoding} of an upstream's answer, undone. A CDN, S3 or nginx with
 * {@code gzip_static} may send a gzip body whatever was asked; read as if plain, a compressed page
 * parses to no files at all. gzip and deflate are decoded; any other coding is refused as a
 * malformed answer (the caller then serves its cache or a 502), never passed on as bytes.
 */
final class ContentCoding {

    private ContentCoding() {}

    /** True when the header names a coding other than identity, that is, the body needs decoding. */
    static boolean isEncoded(String contentEncoding) {
        return !codings(contentEncoding).isEmpty();
    }

    /**
     * The body decoded. Codings are undone last applied first; a body that does not decode fails
     * its reads with an {@link UpstreamException} of kind MALFORMED.
     *
     * @throws UpstreamException naming a coding that pymirror cannot decode
     */
    static InputStream decode(URI url, String contentEncoding, InputStream raw) throws UpstreamException {
        List<String> codings = codings(contentEncoding);
        for (String coding : codings) {
            if (!coding.equals("gzip") && !coding.equals("x-gzip") && !coding.equals("deflate")) {
                throw new UpstreamException(Kind.MALFORMED, url, "the upstream's answer is in Content-Encoding '"
                        + coding + "', which pymirror cannot decode");
            }
        }
        if (codings.isEmpty()) {
            return raw;
        }
        return new Decoded(url, raw, codings, contentEncoding);
    }

    private static List<String> codings(String header) {
        List<String> codings = new ArrayList<>();
        if (header == null) {
            return codings;
        }
        for (String part : header.split(",")) {
            String c = part.trim().toLowerCase(Locale.ROOT);
            if (!c.isEmpty() && !c.equals("identity")) {
                codings.add(c);
            }
        }
        return codings;
    }

    /** The decoded body, opened lazily so that a broken header fails a read, not the open. */
    private static final class Decoded extends FilterInputStream {

        private final URI url;
        private final InputStream raw;
        private final List<String> codings;
        private final String header;
        private boolean opened;

        Decoded(URI url, InputStream raw, List<String> codings, String header) {
            super(raw);
            this.url = url;
            this.raw = raw;
            this.codings = codings;
            this.header = header;
        }

        private void open() throws IOException {
            if (opened) {
                return;
            }
            opened = true;
            InputStream s = raw;
            for (int i = codings.size() - 1; i >= 0; i--) {
                s = codings.get(i).equals("deflate") ? new InflaterInputStream(s) : new GZIPInputStream(s, 64 * 1024);
            }
            in = s;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                open();
                return in.read(b, off, len);
            } catch (UpstreamException e) {
                throw e; // a stall or a short body, said by the guarded stream beneath
            } catch (IOException e) {
                throw new UpstreamException(Kind.MALFORMED, url, "the upstream's answer does not decode as the "
                        + header + " its Content-Encoding says: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() throws IOException {
            raw.close();
        }
    }
}
