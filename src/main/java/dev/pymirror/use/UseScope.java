package dev.pymirror.use;

import dev.pymirror.inject.RecordLayout;
import java.util.List;

/**
 * Whose clients are pointed at the server, and the files each client reads for them, relative to
 * the home directory or to the machine's root.
 *
 * <p>pip reads {@code ~/.config/pip/pip.conf} (after the legacy {@code ~/.pip/pip.conf}, which it
 * overrides) and {@code /etc/pip.conf}; uv {@code ~/.config/uv/uv.toml} and {@code /etc/uv/uv.toml};
 * pdm its global {@code ~/.config/pdm/config.toml} (there is no machine-wide one); twine
 * {@code ~/.pypirc} only. poetry 1.x keeps sources in each project's {@code pyproject.toml}: its
 * global {@code ~/.config/pypoetry/config.toml} takes only the upload repository (see
 * {@link ClientUse#notes} for the source).
 */
public enum UseScope {

    USER(".local/state/pymirror", ".config/pip/pip.conf", ".config/uv/uv.toml", ".config/pdm/config.toml", ".pypirc",
            ".config/pypoetry/config.toml"),
    SYSTEM("var/lib/pymirror", "etc/pip.conf", "etc/uv/uv.toml", null, null, null);

    private final String recordDirectory;
    final String pip;
    final String uv;
    final String pdm;
    final String pypirc;
    final String poetry;

    UseScope(String recordDirectory, String pip, String uv, String pdm, String pypirc, String poetry) {
        this.recordDirectory = recordDirectory;
        this.pip = pip;
        this.uv = uv;
        this.pdm = pdm;
        this.pypirc = pypirc;
        this.poetry = poetry;
    }

    /** The files written in this scope. */
    public List<String> files() {
        return java.util.stream.Stream.of(pip, uv, pdm, pypirc, poetry).filter(java.util.Objects::nonNull).toList();
    }

    /** Where the record of what use changed is kept, beside inject's but never the same file. */
    public RecordLayout layout() {
        return RecordLayout.of(recordDirectory, "use", files());
    }
}
