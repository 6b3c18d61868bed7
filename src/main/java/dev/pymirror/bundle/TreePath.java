package dev.pymirror.bundle;

import java.nio.charset.StandardCharsets;

/**
 * The rule for a path a manifest may name: relative, '/'-separated, every segment a plain name.
 * A signed manifest is still input from elsewhere, and a path that could leave the tree (".." or an
 * absolute path) or land in the importer's own record is refused before anything is written.
 */
final class TreePath {

    /** Where an imported tree keeps the manifest it was made from; no manifest may name a file there. */
    static final String RECORD_DIR = ".pymirror/bundle";

    private TreePath() {}

    /** Null when {@code path} is acceptable, else why not. */
    static String problem(String path) {
        if (path.isEmpty()) {
            return "an empty path";
        }
        if (path.startsWith("/")) {
            return "an absolute path";
        }
        if (path.getBytes(StandardCharsets.UTF_8).length > 4096) {
            return "a path longer than 4096 bytes";
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return "a path with an empty, '.' or '..' segment";
            }
            if (segment.getBytes(StandardCharsets.UTF_8).length > 255) {
                return "a path segment longer than 255 bytes";
            }
            for (int i = 0; i < segment.length(); i++) {
                char c = segment.charAt(i);
                if (c < 0x20 || c == 0x7f || c == '\\') {
                    return "a path with a control character or a backslash";
                }
            }
        }
        if (path.equals(".pymirror") || path.equals(RECORD_DIR) || path.startsWith(RECORD_DIR + "/")) {
            return "a path in " + RECORD_DIR + "/, where an import keeps its own record";
        }
        return null;
    }
}
