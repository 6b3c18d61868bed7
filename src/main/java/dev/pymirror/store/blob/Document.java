package dev.pymirror.store.blob;

/**
 * A small replaceable object as read, with what tells its version apart from the next.
 *
 * @param bytes its content
 * @param validator the ETag on S3, the file's version (inode, mtime, size) on a local disk
 */
public record Document(byte[] bytes, String validator) {}
