package dev.pymirror.packaging.tags;

/**
 * A C library and its version, as a {@link LinuxLibcPlatform} names them.
 *
 * @param libc glibc or musl
 * @param major the library's major version
 * @param minor the library's minor version
 */
record LibcVersion(LinuxLibc libc, int major, int minor) {}
