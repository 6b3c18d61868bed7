package dev.pymirror.server.web;

import dev.pymirror.server.config.RetentionPolicy;
import dev.pymirror.server.mirror.CacheUse;
import dev.pymirror.server.mirror.UpstreamFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@code /-/server}: since when the server runs, and per mirror its cache (size, retention), circuit and recent upstream errors. */
final class ServerPage {

    private ServerPage() {}

    static String render(Instant started, List<MirrorView> mirrors, String user) {
        HtmlWriter h = Layout.begin("Server", null, user);
        h.element("h1", "Server");
        h.open("p", "class", "lead").text("Running since ")
                .element("time", HumanTime.of(started), "datetime", HumanTime.iso(started))
                .text(". Machine-readable: ").link(Href.health(), "/health").text(" and ")
                .link(Href.metrics(), "/metrics").text(".").close();
        if (mirrors.isEmpty()) {
            h.element("p", "No mirror that you may read.", "class", "muted");
            return Layout.end(h);
        }
        for (MirrorView m : mirrors) {
            h.open("section", "class", "mirror", "data-index", m.name());
            h.open("h2").link(Href.index(m.name()), m.name()).text(" ");
            Layout.stateBadge(h, m.status().state());
            h.close();
            h.open("dl", "class", "facts card");
            h.element("dt", "Upstream").open("dd").element("code", m.upstream())
                    .text(m.offline() ? " (offline: the cache only)" : "").close();
            h.element("dt", "Circuit").open("dd").text(circuit(m)).close();
            h.element("dt", "Last answer").element("dd", HumanTime.of(m.lastSuccess()));
            h.element("dt", "Cache").element("dd", cacheText(m));
            h.element("dt", "Retention").element("dd", policyText(m.cache().policy()));
            if (m.cache().lastPrune() != null) {
                h.element("dt", "Last prune").element("dd", HumanTime.of(m.cache().lastPrune()) + ": "
                        + m.cache().lastEvicted() + " files evicted, " + HumanBytes.of(m.cache().lastFreed()) + " freed");
            }
            h.close();
            h.element("h2", "Recent upstream errors of " + m.name());
            if (m.failures().isEmpty()) {
                h.element("p", "None since the server started.", "class", "muted");
            } else {
                h.open("table", "class", "errors");
                Layout.head(h, "When", "What");
                h.open("tbody");
                for (UpstreamFailure f : m.failures()) {
                    h.open("tr");
                    h.open("td", "data-label", "When").element("time", HumanTime.of(f.at()), "datetime", HumanTime.iso(f.at()))
                            .close();
                    h.element("td", f.message(), "data-label", "What");
                    h.close();
                }
                h.close().close();
            }
            h.close();
        }
        return Layout.end(h);
    }

    private static String circuit(MirrorView m) {
        var s = m.status();
        return switch (s.state()) {
            case "down" -> "down since " + HumanTime.of(s.since()) + " (" + s.reason() + "); asked again at "
                    + HumanTime.of(s.nextProbe());
            case "slow" -> "slow since " + HumanTime.of(s.since()) + ": cached pages are served without waiting";
            default -> "up" + (s.backAt() == null ? "" : ", back since " + HumanTime.of(s.backAt()));
        };
    }

    static String cacheText(MirrorView m) {
        CacheUse c = m.cache();
        String size = c.files() + (c.files() == 1 ? " file, " : " files, ") + HumanBytes.of(c.bytes());
        if (c.policy().maxCacheSize() > 0) {
            size += " of " + HumanBytes.of(c.policy().maxCacheSize()) + " ("
                    + Math.round(100.0 * c.bytes() / c.policy().maxCacheSize()) + " %)";
        }
        return c.counted() ? size : size + " (still counting)";
    }

    static String policyText(RetentionPolicy p) {
        if (!p.limits()) {
            return "keeps everything";
        }
        List<String> parts = new ArrayList<>();
        if (p.maxCacheSize() > 0) {
            parts.add("at most " + HumanBytes.of(p.maxCacheSize()));
        }
        if (p.maxUnusedAge() != null) {
            parts.add("files unread for " + HumanTime.of(p.maxUnusedAge()) + " go");
        }
        if (p.keepVersions() > 0) {
            parts.add("the newest " + p.keepVersions() + " versions per project");
        }
        return String.join("; ", parts) + "; applied every " + HumanTime.of(p.interval());
    }
}
