package dev.pymirror.bundle;

/** One file of the tree a bundle describes: its path in the tree, its size and its SHA-256 (hex). */
public record BundleFile(String path, long size, String sha256) {}
