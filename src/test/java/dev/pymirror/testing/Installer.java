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

    /**
     * The Content-Type of the pages this client reads on {@code path}: HTML where the path gives
     * only HTML, else what its Accept header prefers. The default is what pip 22.2 and later do
     * (JSON where the server negotiates); a client that asks for HTML only says so here.
     */
    default String expectedPageType(IndexPath path) {
        return path.encoding() == IndexPath.Encoding.HTML ? "text/html" : "application/vnd.pypi.simple.v1+json";
    }
}
