package dev.pymirror.server.hosted;

import dev.pymirror.server.index.WriteRefused;
import dev.pymirror.store.blob.BlobStore;
import dev.pymirror.store.blob.LogEntry;
import dev.pymirror.store.blob.VersionLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * A hosted project's state as a {@link VersionLog} of {@link ProjectChange}s under
 * {@code projects/<project>/}: each write appends one entry create-only, so writers on other nodes
 * (or a {@code pymirror file} command beside the server) never lose an update, with no lock. A
 * writer that loses the race for the next entry reads what it missed and decides again.
 *
 * <p>Thread-safe. Entries once read are kept: reading again asks the store only for the next one.
 */
final class ProjectLog {

    /** What a write makes of the project as it is now: the change to append, or none. */
    interface Decision {
        Optional<ProjectChange> decide(ProjectState state) throws IOException, WriteRefused;
    }

    /**
     * The project's state as of an entry.
     *
     * @param version how many entries it replays (0: no entry, {@code state} null)
     * @param state the replay, or null before the first entry
     */
    record Replayed(long version, ProjectState state) {}

    private final VersionLog log;
    private final String name;
    private Replayed replayed = new Replayed(0, null);

    ProjectLog(BlobStore store, String name) {
        this.log = new VersionLog(store, name);
        this.name = name;
    }

    /** The state after every entry there is now. */
    synchronized Replayed read() throws IOException {
        try {
            return replay(log.entries());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * Appends what {@code decision} makes of the latest state, deciding again after every lost race.
     *
     * @return the state after the append (or as it was, when the decision was to change nothing)
     * @throws WriteRefused when the decision refused (a 404, a 409), on the state that refused it
     */
    synchronized Replayed append(Decision decision) throws IOException, WriteRefused {
        try {
            Optional<LogEntry> added = log.append(entries -> {
                try {
                    return decision.decide(replay(entries).state()).map(ProjectChange::toBytes);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (WriteRefused e) {
                    throw new Refused(e);
                }
            });
            return added.isEmpty() ? replayed : read();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (Refused e) {
            throw e.refused;
        }
    }

    private Replayed replay(List<LogEntry> entries) {
        Replayed now = replayed;
        if (entries.size() < now.version()) {
            throw new IllegalStateException("log " + name + " went back from " + now.version() + " entries");
        }
        ProjectState state = now.state();
        for (LogEntry entry : entries.subList((int) now.version(), entries.size())) {
            try {
                state = ProjectChange.parse(name, entry.version(), entry.payload()).applyTo(state);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        replayed = new Replayed(entries.size(), state);
        return replayed;
    }

    /** Carries a refusal out of {@link VersionLog#append}'s function, which may throw nothing checked. */
    private static final class Refused extends RuntimeException {
        final WriteRefused refused;

        Refused(WriteRefused refused) {
            super(null, null, false, false);
            this.refused = refused;
        }
    }
}
