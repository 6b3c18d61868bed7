package dev.pymirror.sync.download;

import java.nio.file.Path;

/**
 * A file downloaded and checked.
 *
 * @param path where it was published
 * @param sha256 its SHA-256, hex
 * @param size its size in bytes
 */
public record FetchedFile(Path path, String sha256, long size) {}
