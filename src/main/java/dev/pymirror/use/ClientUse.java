package dev.pymirror.use;

import dev.pymirror.inject.Ejector;
import dev.pymirror.inject.ImageRoot;
import dev.pymirror.inject.Injector;
import dev.pymirror.inject.Report;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Points the clients of a scope at a target by writing their configuration files whole (a file
 * that was there is kept and put back by {@link #undo}, byte for byte with its mode and time), or
 * says the same as environment variables.
 */
public final class ClientUse {

    private static final String HEADER = "# Written by pymirror use; 'pymirror use --undo' puts back what was here.\n";

    private final UseScope scope;

    public ClientUse(UseScope scope) {
        this.scope = scope;
    }

    /** The files to write, path relative to the scope's root to content, in order. */
    public Map<String, byte[]> files(UseTarget target) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        StringBuilder pip = new StringBuilder(HEADER).append("[global]\nindex-url = ").append(target.indexUrl()).append('\n');
        // pip refuses a plain-http index unless its host is trusted.
        target.trustedHost().ifPresent(host -> pip.append("trusted-host = ").append(host).append('\n'));
        files.put(scope.pip, bytes(pip));
        // uv: the one index marked default replaces the official index.
        files.put(scope.uv, bytes(new StringBuilder(HEADER).append("\n[[index]]\nurl = \"").append(target.indexUrl())
                .append("\"\ndefault = true\n")));
        if (scope.pdm != null) {
            files.put(scope.pdm, bytes(new StringBuilder(HEADER).append("\n[pypi]\nurl = \"").append(target.indexUrl())
                    .append("\"\n")));
        }
        if (scope.pypirc != null) {
            files.put(scope.pypirc, bytes(new StringBuilder(HEADER)
                    .append("[distutils]\nindex-servers =\n    pymirror\n\n[pymirror]\nrepository = ")
                    .append(target.uploadUrl()).append('\n')));
        }
        if (scope.poetry != null) {
            // What poetry's global configuration allows: the repository 'poetry publish -r pymirror' uses.
            files.put(scope.poetry, bytes(new StringBuilder(HEADER).append("\n[repositories.pymirror]\nurl = \"")
                    .append(target.uploadUrl()).append("\"\n")));
        }
        return files;
    }

    /** The same settings as shell lines for the environment, for one shell or a CI job. */
    public static List<String> environment(UseTarget target) {
        List<String> lines = new ArrayList<>();
        lines.add("export PIP_INDEX_URL=" + target.indexUrl());
        target.trustedHost().ifPresent(host -> lines.add("export PIP_TRUSTED_HOST=" + host));
        lines.add("export UV_DEFAULT_INDEX=" + target.indexUrl());
        lines.add("export PDM_PYPI_URL=" + target.indexUrl());
        lines.add("export TWINE_REPOSITORY_URL=" + target.uploadUrl());
        lines.add("export POETRY_REPOSITORIES_PYMIRROR_URL=" + target.uploadUrl());
        return lines;
    }

    /** What could not be written, said as the commands that do it. */
    public static List<String> notes(UseTarget target) {
        return List.of("poetry 1.x takes sources per project only; in a project run: poetry source add --default"
                + " pymirror " + target.indexUrl() + " ('poetry publish -r pymirror' uploads with what use wrote)");
    }

    /**
     * Writes the files into {@code root} (the home directory or {@code /}), keeping a record.
     *
     * @throws dev.pymirror.inject.InjectException.AlreadyInjected when an earlier use is not undone
     */
    public Report apply(ImageRoot root, UseTarget target, String undo) throws IOException {
        return new Injector(scope.layout()).write(root, files(target), List.of(target.indexUrl()), undo);
    }

    /** Puts every file back as it was before {@link #apply}; nothing to do when there is no record. */
    public Report undo(ImageRoot root) throws IOException {
        return new Ejector(scope.layout()).eject(root);
    }

    private static byte[] bytes(CharSequence text) {
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }
}
