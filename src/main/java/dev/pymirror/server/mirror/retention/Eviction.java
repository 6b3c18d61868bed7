package dev.pymirror.server.mirror.retention;

/** A cached file a policy evicts, and which limit evicts it. */
public record Eviction(CachedFile file, String reason) {
}
