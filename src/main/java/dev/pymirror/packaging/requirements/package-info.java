/**
 * PEP 508 dependency specifiers: {@link dev.pymirror.packaging.requirements.Requirement requirements}
 * such as {@code requests[socks]>=2.8; python_version >= "3.8"}, their environment
 * {@link dev.pymirror.packaging.requirements.Marker markers}, and the
 * {@link dev.pymirror.packaging.requirements.Environment environment} markers are evaluated in.
 *
 * <pre>{@code
 * Requirement req = Requirement.parse("pywin32>=226; sys_platform == 'win32'");
 * Environment windows = Environment.forTarget("3.12", "win_amd64");
 * boolean needed = req.marker().evaluate(windows);             // true
 * boolean forSocks = Marker.parse("extra == 'socks'").evaluate(windows, "SOCKS");   // true
 * }</pre>
 *
 * <p>Behaviour follows the dependency specifiers specification and, where it is silent, the
 * reference implementation (pypa/packaging): version variables compare through PEP 440 specifiers
 * with a fallback to string rules, {@code extra} names compare PEP 685 normalized, and
 * {@code extras} / {@code dependency_groups} are sets that only {@code in} / {@code not in} may test.
 * Parsing is done by hand-written scanners; errors are
 * {@link dev.pymirror.packaging.PackagingException}s that say what was expected and at which
 * position. Everything here is immutable and thread-safe.
 */
package dev.pymirror.packaging.requirements;
