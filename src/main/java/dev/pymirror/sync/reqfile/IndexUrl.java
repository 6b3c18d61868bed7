package dev.pymirror.sync.reqfile;

import java.net.URI;

/**
 * An {@code --index-url} line of a requirements file: the index the file was written for.
 *
 * @param url the index's base URL, as written
 * @param origin where the line is
 */
public record IndexUrl(URI url, Origin origin) {}
