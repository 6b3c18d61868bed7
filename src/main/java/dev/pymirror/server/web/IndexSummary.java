package dev.pymirror.server.web;

import java.util.List;

/**
 * One index as the home page lists it; what {@code /health} tells the same reader, no more.
 *
 * @param name the index name
 * @param kind mirror, hosted, static or group
 * @param upstream a mirror's upstream URL, redacted; null otherwise
 * @param members a group's members the reader may read; empty otherwise
 * @param state a mirror's upstream circuit (up, slow, down); null otherwise
 * @param projects a hosted index's project count; -1 when not known at once
 * @param isDefault whether this is the default index (also at {@code /simple/})
 * @param restricted whether reading it needs a login
 */
record IndexSummary(String name, String kind, String upstream, List<String> members, String state, long projects,
        boolean isDefault, boolean restricted) {

    IndexSummary {
        members = List.copyOf(members);
    }
}
