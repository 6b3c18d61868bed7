package dev.pymirror.server.web;

import dev.pymirror.server.snapshot.SnapshotInfo;
import java.util.List;

/** {@code /-/snapshots}: the snapshots the reader may read, what each froze, and its pip URL. */
final class SnapshotsPage {

    private SnapshotsPage() {}

    static String render(List<SnapshotInfo> snapshots, String user) {
        HtmlWriter h = Layout.begin("Snapshots", null, user);
        h.element("h1", "Snapshots");
        h.element("p", "Indexes frozen as they were served when each snapshot was made (pymirror snapshot create),"
                + " served read-only. Point pip at a snapshot's simple URL:", "class", "lead");
        if (snapshots.isEmpty()) {
            h.element("p", "No snapshot that you may read.", "class", "notice");
            return Layout.end(h);
        }
        h.open("table", "class", "indexes");
        Layout.head(h, "Snapshot", "Of index", "Made", "Files", "pip");
        h.open("tbody");
        for (SnapshotInfo s : snapshots) {
            h.open("tr");
            h.open("td", "data-label", "Snapshot").link(Href.snapshot(s.name()), s.name());
            if (s.restricted()) {
                h.text(" ").element("span", "login", "class", "badge warn");
            }
            h.close();
            h.open("td", "data-label", "Of index").link(Href.index(s.index()), s.index()).text(" (" + s.kind() + ")")
                    .close();
            h.element("td", HumanTime.of(s.created()), "data-label", "Made");
            h.element("td", s.projects() + " projects, " + s.files() + " files, " + HumanBytes.of(s.bytes()),
                    "data-label", "Files");
            h.open("td", "data-label", "pip").element("code", Href.snapshot(s.name()).toString()).close();
            h.close();
        }
        h.close().close();
        return Layout.end(h);
    }
}
