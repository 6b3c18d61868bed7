package dev.pymirror.server.web;

import java.nio.charset.StandardCharsets;

/**
 * The web UI's one stylesheet, served at {@code /-/style.css}: system fonts, a readable measure,
 * tables that become one card per row on a narrow screen (each cell labelled by its
 * {@code data-label}), no script. Served rather than inlined so that pages carry no inline style.
 */
final class StyleSheet {

    static final String CSS = """
            :root { --fg: #1d2330; --muted: #5b6475; --line: #e2e6ee; --bg: #f6f7fb; --card: #fff;
              --accent: #2f5bd3; --ok: #1b7f4b; --warn: #a86400; --bad: #b3261e; color-scheme: light; }
            * { box-sizing: border-box; }
            html { -webkit-text-size-adjust: 100%; }
            body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
              color: var(--fg); background: var(--bg); }
            a { color: var(--accent); text-decoration: none; }
            a:hover, a:focus { text-decoration: underline; }
            code, .hash { font: 0.85em/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
            .hash { overflow-wrap: anywhere; color: var(--muted); }
            header.top { background: #121826; color: #fff; }
            header.top .bar { max-width: 72rem; margin: 0 auto; padding: 0.6rem 1rem; display: flex; flex-wrap: wrap;
              gap: 0.5rem 1.25rem; align-items: center; }
            header.top a { color: #fff; }
            .brand { font-weight: 700; font-size: 1.15rem; letter-spacing: 0.02em; }
            nav.main { display: flex; gap: 1rem; }
            form.search { display: flex; gap: 0.4rem; margin-left: auto; flex: 1 1 16rem; max-width: 28rem; }
            form.search input[type=search] { flex: 1; min-width: 0; padding: 0.4rem 0.6rem; border-radius: 6px;
              border: 1px solid #3a4357; background: #1e2536; color: #fff; font: inherit; }
            main form.search input[type=search] { background: #fff; color: var(--fg); border-color: var(--line); }
            form.search button { padding: 0.4rem 0.9rem; border-radius: 6px; border: 0; background: var(--accent);
              color: #fff; font: inherit; cursor: pointer; }
            main { max-width: 72rem; margin: 0 auto; padding: 1.25rem 1rem 3rem; }
            h1 { font-size: 1.6rem; margin: 0.2rem 0 0.8rem; overflow-wrap: anywhere; }
            h2 { font-size: 1.15rem; margin: 1.8rem 0 0.6rem; }
            p.lead { color: var(--muted); margin-top: 0; }
            .crumbs { color: var(--muted); font-size: 0.9rem; overflow-wrap: anywhere; }
            .card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 1rem 1.1rem; }
            dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.3rem 1rem; margin: 0; }
            dl.facts dt { color: var(--muted); }
            dl.facts dd { margin: 0; overflow-wrap: anywhere; }
            table { width: 100%; border-collapse: collapse; background: var(--card); border: 1px solid var(--line);
              border-radius: 10px; overflow: hidden; }
            th, td { text-align: left; padding: 0.5rem 0.75rem; border-bottom: 1px solid var(--line); vertical-align: top; }
            th { font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); background: #fafbfd; }
            td { overflow-wrap: break-word; }
            td a, td code { overflow-wrap: anywhere; }
            table.files td:first-child { min-width: 13rem; }
            tr:last-child td { border-bottom: 0; }
            td.num { text-align: right; white-space: nowrap; }
            .badge { display: inline-block; padding: 0.05rem 0.5rem; border-radius: 999px; font-size: 0.8rem;
              font-weight: 600; background: #eef1f7; color: var(--muted); white-space: nowrap; }
            .badge.ok { background: #e3f4ea; color: var(--ok); }
            .badge.warn { background: #fdf0dc; color: var(--warn); }
            .badge.bad { background: #fbe4e2; color: var(--bad); }
            .notice { border-left: 4px solid var(--warn); background: #fff8ec; padding: 0.6rem 0.9rem; border-radius: 6px; margin: 0.8rem 0; }
            .notice.bad { border-color: var(--bad); background: #fdf0ef; }
            .muted { color: var(--muted); }
            ul.plain { list-style: none; padding: 0; margin: 0; }
            ul.versions { display: flex; flex-wrap: wrap; gap: 0.4rem; list-style: none; padding: 0; margin: 0; }
            ul.versions li a { display: inline-block; padding: 0.1rem 0.55rem; border: 1px solid var(--line); border-radius: 6px; background: var(--card); }
            footer { max-width: 72rem; margin: 0 auto; padding: 0 1rem 2rem; color: var(--muted); font-size: 0.85rem; }
            @media (max-width: 640px) {
              h1 { font-size: 1.3rem; }
              form.search { margin-left: 0; max-width: none; }
              table, thead, tbody, tr, th, td { display: block; width: 100%; }
              table { border: 0; background: none; }
              thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
              tr { background: var(--card); border: 1px solid var(--line); border-radius: 10px; margin-bottom: 0.75rem; padding: 0.3rem 0; }
              td { border: 0; padding: 0.25rem 0.9rem; display: grid; grid-template-columns: 7.5rem minmax(0, 1fr); gap: 0.5rem; }
              td.num { text-align: left; }
              td > .badge { justify-self: start; }
              td::before { content: attr(data-label); color: var(--muted); font-size: 0.8rem; font-weight: 600; }
              dl.facts { grid-template-columns: 1fr; }
              dl.facts dd { margin-bottom: 0.4rem; }
            }
            """;

    static final byte[] BYTES = CSS.getBytes(StandardCharsets.UTF_8);

    private StyleSheet() {}
}
