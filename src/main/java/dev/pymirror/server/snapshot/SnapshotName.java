package dev.pymirror.server.snapshot;

import java.util.regex.Pattern;

/**
 * What a snapshot may be called: it is a URL segment ({@code /+snapshot/NAME/simple/}) and a folder
 * name, so letters, digits, {@code .}, {@code _} and {@code -}, starting with a letter or digit (no
 * {@code .}, {@code ..} or hidden names, which the snapshot folder uses for its own staging), at
 * most 100 characters.
 */
public final class SnapshotName {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private SnapshotName() {}

    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }

    /**
     * @throws SnapshotException naming what a snapshot name may hold
     */
    public static String check(String name) throws SnapshotException {
        if (!isValid(name)) {
            throw new SnapshotException("'" + (name == null ? "" : printable(name)) + "' is not a snapshot name: use"
                    + " letters, digits, '.', '_' and '-', starting with a letter or digit, at most 100 characters"
                    + " (for example 2026-12-03 or release-7.1)");
        }
        return name;
    }

    /** The name as a message may quote it: control characters shown as '?'. */
    private static String printable(String name) {
        StringBuilder b = new StringBuilder();
        name.codePoints().limit(120).forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return b.toString();
    }
}
