/**
 * The legacy JSON API ({@code /pypi/<project>/json}, {@code /pypi/<project>/<version>/json}) that
 * tools such as pip-audit, Renovate, Dependabot and poetry's PyPI source read, built from what an
 * index already has: its project page (files, hashes, sizes, upload times, yanks) and the core
 * metadata of one file of the release shown. No index is asked for its own legacy JSON, so every
 * kind of index (a mirror too) answers the same way.
 *
 * <p>{@link dev.pymirror.server.legacyjson.Releases} groups a page's files by version and picks the
 * release a project URL shows; {@link dev.pymirror.server.legacyjson.LegacyJsonDocument} writes the
 * document.
 */
package dev.pymirror.server.legacyjson;
