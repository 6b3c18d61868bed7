package dev.pymirror.server.web;

import dev.pymirror.server.config.GuardPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * An index's supply-chain guard as its page shows it.
 *
 * @param policy what it blocks by the advisories
 * @param blockedRequests requests it refused as blocked since the server started (advisories, or a
 *     mirror's upstream quarantine); -1 when not counted
 * @param countedTogether whether the count is that of every index that needs a login, together (as
 *     {@code /metrics} counts them)
 */
record IndexGuard(GuardPolicy policy, long blockedRequests, boolean countedTogether) {

    /** The policy in words: {@code malware; high or worse; allowed: acme-lib==1.1}. */
    String policyText() {
        List<String> parts = new ArrayList<>();
        if (policy.blockMalware()) {
            parts.add("malware (OSV MAL- records)");
        }
        policy.blockVulnerable().ifPresent(s -> parts.add("vulnerabilities of severity " + s.word() + " or worse"));
        String text = parts.isEmpty() ? "nothing" : String.join("; ", parts);
        if (!policy.allow().isEmpty()) {
            text += "; allowed whatever the advisories say: " + String.join(", ", policy.allow().stream()
                    .map(r -> r.project() + "==" + r.version()).sorted().toList());
        }
        return text;
    }
}
