/**
 * Distribution file names: wheels (PEP 427, with build tags and compressed tag sets) and source
 * distributions ({@code .tar.gz}, {@code .zip}), read with hand-written scanners so a page of
 * thousands of file names costs milliseconds.
 *
 * <p>{@link dev.pymirror.packaging.dist.DistributionFilename#parse} chooses the kind by
 * extension; {@link dev.pymirror.packaging.dist.DistributionFilename#tryParse} skips legacy and
 * malformed files without exceptions. Names are {@link dev.pymirror.packaging.ProjectName}s
 * compared by their PEP 503 form; versions are PEP 440
 * {@link dev.pymirror.packaging.version.Version}s.
 */
package dev.pymirror.packaging.dist;
