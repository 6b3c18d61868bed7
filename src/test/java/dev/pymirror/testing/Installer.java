package dev.pymirror.testing;

import java.nio.file.Path;
import java.util.List;

/**
 * A real installing client of the client matrix (pip 23, pip 26, ...), run in a clean environment
 * against one {@link IndexPath}.
 */
public interface Installer {

    /** The client as the README's table names it, such as {@code pip 23.0.1 (Debian)}. */
    String name();

    /**
     * Installs {@code requirements} from the index at {@code path} only, into a fresh place under
     * {@code work} (an empty directory of this call's own), and says what happened.
     */
    Installation install(IndexPath path, List<String> requirements, Path work) throws Exception;
}
