package dev.pymirror.server.hosted;

import dev.pymirror.server.index.WriteRefused;
import dev.pymirror.store.blob.BlobStore;
import dev.pymirror.store.blob.LogEntry;
import dev.pymirror.store.blob.VersionLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A hosted project's state as a {@link VersionLog} of {@link ProjectChange}s under
 * {@code projects/<project>/}: each write appends one entry create-only, so writers on other nodes
 * (or a {@code pymirror file} command beside the server) never lose an update, with no lock. A
 * writer that loses the race for the next entry reads what it missed and decides again.
 *
 * <p>An entry written by a bundle import is seen only once that import's commit object exists
 * ({@link ImportCommits}); until then the state is the replay of the other entries. The entries
 * before the first unseen one are replayed once and kept; those after it are replayed again on
 * each read, until its import commits.
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
     * @param version how many entries the log has (0: none)
     * @param state the replay of every entry seen, or null when none is
     * @param hidden the imports whose entries are not seen, their commits missing when read
     */
    record Replayed(long version, ProjectState state, Set<String> hidden) {}

    private final VersionLog log;
    private final String name;
    private final ImportCommits commits;
    /** The replay of the first entries, none of them unseen: never replayed again. */
    private Replayed settled = new Replayed(0, null, Set.of());
    /** The entries after {@link #settled}, the first of them an uncommitted import's. */
    private final List<ProjectChange> tail = new ArrayList<>();
    /**
     * The last answer, given again while the log and the hidden imports stay as they were: the
     * same state object, so that a page rendered from it stands.
     */
    private Replayed seen = settled;

    ProjectLog(BlobStore store, String name, ImportCommits commits) {
        this.log = new VersionLog(store, name);
        this.name = name;
        this.commits = commits;
    }

    /** The state after every entry there is now. */
    synchronized Replayed read() throws IOException {
        take(log.entries());
        return view(null);
    }

    /**
     * Whether the last read left an import's entries unseen: its commit object, when it comes,
     * changes what the log shows without adding an entry.
     */
    synchronized boolean hidesImports() {
        return !seen.hidden().isEmpty();
    }

    /**
     * Appends what {@code decision} makes of the latest state, deciding again after every lost race.
     *
     * @param importId the import this write belongs to, whose own entries the decision sees
     *     before its commit (a resumed import finds what it stored), or null
     * @return the state after the append (or as it was, when the decision was to change nothing)
     * @throws WriteRefused when the decision refused (a 404, a 409), on the state that refused it
     */
    synchronized Replayed append(String importId, Decision decision) throws IOException, WriteRefused {
        try {
            Optional<LogEntry> added = log.append(entries -> {
                try {
                    take(entries);
                    return decision.decide(view(importId).state()).map(ProjectChange::toBytes);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (WriteRefused e) {
                    throw new Refused(e);
                }
            });
            if (added.isEmpty()) {
                return view(null);
            }
            // The decision took every entry before this one: the new entry is the log's next, so it
            // is taken as written rather than read back (on a bucket, one request fewer per write).
            LogEntry entry = added.get();
            if (entry.version() != settled.version() + tail.size() + 1) {
                return read();
            }
            tail.add(ProjectChange.parse(name, entry.version(), entry.payload()));
            return view(null);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (Refused e) {
            throw e.refused;
        }
    }

    /** Parses the entries not taken yet onto the tail. */
    private void take(List<LogEntry> entries) throws IOException {
        long known = settled.version() + tail.size();
        if (entries.size() < known) {
            throw new IllegalStateException("log " + name + " went back from " + known + " entries");
        }
        for (LogEntry entry : entries.subList((int) known, entries.size())) {
            tail.add(ProjectChange.parse(name, entry.version(), entry.payload()));
        }
    }

    /**
     * The replay of the entries seen: those of no import, of committed imports, and of
     * {@code include}'s (null: none more).
     */
    private Replayed view(String include) throws IOException {
        Map<String, Boolean> asked = new HashMap<>();
        while (!tail.isEmpty() && seen(tail.getFirst(), null, asked)) {
            settled = new Replayed(settled.version() + 1, tail.removeFirst().applyTo(settled.state()), Set.of());
        }
        if (tail.isEmpty()) {
            seen = settled;
            return settled;
        }
        ProjectState state = settled.state();
        Set<String> hidden = new TreeSet<>();
        for (ProjectChange change : tail) {
            if (seen(change, include, asked)) {
                state = change.applyTo(state);
            } else {
                hidden.add(change.importId());
            }
        }
        long version = settled.version() + tail.size();
        if (include != null) {
            return new Replayed(version, state, Set.copyOf(hidden));
        }
        if (seen.version() != version || !seen.hidden().equals(hidden)) {
            seen = new Replayed(version, state, Set.copyOf(hidden));
        }
        return seen;
    }

    /** Whether a reader sees {@code change}; {@code asked} keeps each commit's answer for one replay. */
    private boolean seen(ProjectChange change, String include, Map<String, Boolean> asked) throws IOException {
        String id = change.importId();
        if (id == null || id.equals(include)) {
            return true;
        }
        Boolean known = asked.get(id);
        if (known == null) {
            known = commits.committed(id);
            asked.put(id, known);
        }
        return known;
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
