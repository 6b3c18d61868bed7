package dev.pymirror.store.blob;

import java.time.Instant;

/**
 * Whether a node's storage answers, as its {@link StorageHealth} knows it, read once.
 *
 * @param reachable false from a call that timed out or could not connect until a probe is answered
 * @param unreachableSince when it stopped answering; null while reachable
 * @param reason the failure that made it unreachable (names the endpoint: for logs and operators,
 *     not for anonymous readers); null while reachable
 * @param backAt when it last answered again after being unreachable; null if it never was
 */
public record StorageStatus(boolean reachable, Instant unreachableSince, String reason, Instant backAt) {

    /** 0 reachable, 2 unreachable: the scale of the upstream's circuit state, so that one alert rule reads both. */
    public int state() {
        return reachable ? 0 : 2;
    }
}
