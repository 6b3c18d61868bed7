package dev.pymirror.upstream;

/**
 * What an upstream said to identify a version of a page, sent back on the next request so that
 * an unchanged page costs a 304 and no body.
 *
 * @param etag the {@code ETag} header, or null
 * @param lastModified the {@code Last-Modified} header, or null
 */
public record Validators(String etag, String lastModified) {

    public static final Validators NONE = new Validators(null, null);

    public boolean isEmpty() {
        return etag == null && lastModified == null;
    }
}
