/**
 * Security advisories as the server's supply-chain guard uses them: OSV records of the PyPI
 * ecosystem read from OSV's {@code all.zip} or a folder ({@link OsvReader}, {@link OsvSource}),
 * kept in the data directory ({@link AdvisoryStore}) and looked up by project and version
 * ({@link Advisories}). Versions are compared with {@code packaging.version}, names by PEP 503.
 *
 * <p>Depends on {@code packaging} and {@code store} only; {@code server} and {@code cli} use it.
 */
package dev.pymirror.advisories;
