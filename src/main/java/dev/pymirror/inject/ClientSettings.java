package dev.pymirror.inject;

/**
 * Everything the configuration files written into a root say.
 *
 * @param indexes the chosen indexes
 * @param breakSystemPackages allow pip and uv to install into a Python marked externally managed
 *     (PEP 668), as image builds that install system-wide need on such roots
 */
public record ClientSettings(IndexSelection indexes, boolean breakSystemPackages) {

    public ClientSettings {
        if (indexes == null) {
            throw new IllegalArgumentException("indexes are missing");
        }
    }
}
