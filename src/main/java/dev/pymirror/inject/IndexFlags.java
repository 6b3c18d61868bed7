package dev.pymirror.inject;

import java.util.List;

/**
 * What the command line says about indexes; each given flag overrides its environment variable.
 *
 * @param indexUrls {@code --index-url}, in order; when not empty they replace every
 *     {@code DIB_PYPI_MIRROR_URL*} and {@code PYPI_MIRROR_URL*} variable
 * @param offline {@code --offline}: no official index (as {@code DIB_OFFLINE})
 * @param noOfficialIndex {@code --no-official-index}: no official index (as {@code DIB_NO_PYPI_PIP})
 * @param retries {@code --retries}, or null to take {@code DIB_PIP_RETRIES}
 */
public record IndexFlags(List<String> indexUrls, boolean offline, boolean noOfficialIndex, Integer retries) {

    /** No flags: everything comes from the environment. */
    public static final IndexFlags NONE = new IndexFlags(List.of(), false, false, null);

    public IndexFlags {
        indexUrls = List.copyOf(indexUrls);
    }
}
