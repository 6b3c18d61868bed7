/**
 * Compatibility tags (PEP 425) and which of them a target accepts, for choosing among the wheels
 * of a release on behalf of an interpreter and platform that need not be this machine.
 *
 * <ul>
 *   <li>{@link dev.pymirror.packaging.tags.Tag}: one {@code interpreter-abi-platform} triple, and
 *       the parser of compressed tag sets ({@code py2.py3-none-any}).
 *   <li>{@link dev.pymirror.packaging.tags.Target}: an interpreter and platform described as
 *       {@code cp312-manylinux_2_28_x86_64}; {@link dev.pymirror.packaging.tags.SupportedTags}: its
 *       ordered tag list, which ranks wheels by hash lookup and explains why one does not fit.
 *   <li>{@link dev.pymirror.packaging.tags.Platform} and its kinds (manylinux per PEP 600 with the
 *       legacy aliases, musllinux per PEP 656, macOS with its binary formats, iOS, Android,
 *       Windows and others): which platform tags a machine accepts, newest first.
 *   <li>{@link dev.pymirror.packaging.tags.InterpreterTags}: the ordered lists of PEP 425 for
 *       CPython (with the stable ABI, {@code abi3t} for free-threaded builds), other interpreters,
 *       and pure-Python wheels.
 * </ul>
 *
 * <p>The orders follow the reference implementation (pypa/packaging), so a target ranks wheels as
 * pip on that machine would.
 */
package dev.pymirror.packaging.tags;
