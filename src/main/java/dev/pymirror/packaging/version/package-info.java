/**
 * PEP 440 versions and version specifiers.
 *
 * <ul>
 *   <li>{@link dev.pymirror.packaging.version.Version}: parsing, normalization and ordering of
 *       versions such as {@code 1!2.0rc1.post2.dev3+local.7}; exact for numbers of any size.
 *   <li>{@link dev.pymirror.packaging.version.Specifier}: one clause such as {@code >=1.0},
 *       {@code ~=2.2}, {@code ==1.*} or {@code ===foo}.
 *   <li>{@link dev.pymirror.packaging.version.SpecifierSet}: comma separated clauses, with
 *       membership, filtering under the pre-release rules, combination, satisfiability and
 *       subset / disjointness tests.
 * </ul>
 *
 * <p>Behaviour follows the standard as the reference implementation (pypa/packaging 26.4)
 * applies it, including its pre-release policy: a lone {@code contains} accepts a matching
 * pre-release unless told not to, while {@code filter} keeps pre-releases only when no final
 * release matches or a clause names a pre-release.
 *
 * <p>Internally each clause becomes a {@code VersionSet}: sorted ranges between cuts placed just
 * before or after a version, or after all post-releases of one. Matching is then one or two
 * comparisons per range, and combining clauses is a range intersection.
 */
package dev.pymirror.packaging.version;
