package dev.pymirror.sync.lock;

import dev.pymirror.sync.resolve.InstallTarget;

/** A lock file read: the releases it pins, and which of them a target installs. */
public sealed interface Lock permits PyLock, UvLock {

    /** The file as it was named, for messages. */
    String origin();

    /** {@code pylock.toml} or {@code uv.lock}: the format it was read as. */
    String format();

    /** How many releases it pins for an index, whatever the target. */
    int releaseCount();

    /**
     * The releases a target installs, as the lock's markers say.
     *
     * @throws LockFileException when the lock was not made for the target (its Python versions or
     *     environments leave it out)
     */
    LockSelection select(InstallTarget target) throws LockFileException;
}
