package dev.pymirror.sync.lock;

import java.util.List;

/**
 * What a lock installs on one target, before any file is chosen.
 *
 * @param releases the releases, each once
 * @param notes what the user should know: packages the lock takes from elsewhere than an index
 */
public record LockSelection(List<LockedRelease> releases, List<String> notes) {

    public LockSelection {
        releases = List.copyOf(releases);
        notes = List.copyOf(notes);
    }
}
