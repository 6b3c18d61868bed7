package dev.pymirror.server.hosted;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.server.index.WriteRefused;
import dev.pymirror.store.blob.BlobStore;
import dev.pymirror.store.blob.ObjectInfo;
import dev.pymirror.store.blob.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the project files of older versions ({@code projects/<project>.json}, the whole state
 * rewritten on each change, beside a {@code .lock}) into the projects' logs, once: the file becomes
 * the log's first entry (a create-only write, so of two processes migrating at once one writes it),
 * and is removed only after. A crash between the two leaves a log and a file; the next start sees
 * the log and only removes the file. Files stay where they were: their keys did not change.
 */
final class LegacyProjectFiles {

    private static final Logger LOG = LoggerFactory.getLogger(LegacyProjectFiles.class);

    private LegacyProjectFiles() {}

    static void migrate(BlobStore store, String prefix, Function<String, ProjectLog> logs) throws IOException {
        String projects = prefix + "projects/";
        int migrated = 0;
        for (ObjectInfo.Listed listed : store.list(projects)) {
            String rest = listed.key().substring(projects.length());
            if (rest.indexOf('/') >= 0 || !rest.endsWith(".json")) {
                continue;
            }
            String project = rest.substring(0, rest.length() - ".json".length());
            if (!ProjectName.isNormalized(project)) {
                continue; // not a name this index wrote
            }
            Optional<InputStream> in = store.read(listed.key());
            if (in.isEmpty()) {
                continue; // another process migrated it meanwhile
            }
            ProjectState state;
            try (InputStream s = in.get()) {
                state = ProjectState.fromJson(s.readAllBytes());
            } catch (IOException | RuntimeException e) {
                throw new StorageException("cannot read the hosted project file " + store.describe() + "/"
                        + listed.key() + " to take it into the project's log: " + e.getMessage()
                        + " (nothing was changed)", e);
            }
            try {
                logs.apply(project).append(null, existing -> existing == null
                        ? Optional.of(new ProjectChange.Snapshot(state)) : Optional.empty());
            } catch (WriteRefused e) {
                throw new IllegalStateException("a migration refuses nothing", e);
            }
            store.delete(listed.key());
            store.delete(projects + project + ".lock");
            migrated++;
        }
        if (migrated > 0) {
            LOG.info("{}: took {} project file(s) of an older version into their logs", store.describe() + "/" + prefix,
                    migrated);
        }
    }
}
