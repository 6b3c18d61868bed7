#!/usr/bin/env python3
"""Where a fresh pip run's server time goes, from what `bench/pip-run.sh` keeps with PIP_RUN_LOGS.
Run by hand (not CI); prints plain text.

    PIP_RUN_LOGS=DIR bench/pip-run.sh 4
    bench/fresh-run-profile.py log DIR/pymirror-*.log
        per server log: the fresh run's window (from pip's first MISS to its last), the requests that
        ended in it, the time the server was busy (request durations summed: pages, metadata, files)
        and the gaps between

    PIP_RUN_LOGS=DIR PYMIRROR_JAVA_OPTS="<the launcher's options> \\
        -XX:StartFlightRecording:filename=DIR/fresh.jfr,settings=profile,jdk.ExecutionSample#period=1ms" \\
        bench/pip-run.sh 1
    bench/fresh-run-profile.py jfr DIR/fresh.jfr DIR/pymirror-0-0.log
        the execution samples inside that log's fresh window: how many ran interpreted or compiled
        code, and by area (the JDK's HTTP client, SHA-256, storing, Jetty, jsoup, the rest)

    PYMIRROR_JAVA_OPTS="<the launcher's options> -XX:StartFlightRecording:filename=start.jfr,settings=profile,\
        jdk.ExecutionSample#period=1ms" ./pymirror serve ...     (stopped once /health answers)
    bench/fresh-run-profile.py main start.jfr
        a start's main-thread samples: picocli reading the command line, else by the innermost
        pymirror frame and what it called
"""
import collections
import json
import re
import subprocess
import sys
from datetime import datetime

LINE = re.compile(r'(\S+ \S+) INFO  RequestLog: \S+ "GET (\S+) [^"]*" (\d+) (\d+) (\d+)ms (\S+) "pip')


def requests(log):
    """(end time, path, duration ms, cache status) of each of pip's requests in a server log."""
    rows = []
    with open(log) as f:
        for line in f:
            m = LINE.match(line)
            if m:
                end = datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S.%f")
                rows.append((end, m.group(2), int(m.group(5)), m.group(6)))
    return rows


def fresh_window(log):
    misses = [r for r in requests(log) if r[3] == "MISS"]
    if not misses:
        sys.exit(f"{log}: no fresh (MISS) request of pip's")
    start = misses[0][0].timestamp() - misses[0][2] / 1000
    return misses, start, misses[-1][0].timestamp()


def log_report(logs):
    for log in logs:
        misses, start, end = fresh_window(log)
        # Every request of pip's that ended in the window: a .metadata checked and kept from an
        # earlier request (or answered as a hit by an older build) is part of the fresh run too.
        fresh = [r for r in requests(log) if start <= r[0].timestamp() <= end]
        busy = sum(r[2] for r in fresh)
        pages = sum(r[2] for r in fresh if r[1].startswith("/simple/"))
        metadata = sum(r[2] for r in fresh if r[1].endswith(".metadata"))
        window = (end - start) * 1000
        print(f"{log}: {len(fresh)} requests, window {window:.0f} ms, busy {busy} ms "
              f"(pages {pages}, metadata {metadata}, files {busy - pages - metadata}), gaps {window - busy:.0f} ms")


AREAS = [("jdk/internal/net/http", "the JDK's HTTP client"), ("sun/security/provider/SHA2", "SHA-256"),
         ("sun/security/provider/DigestBase", "SHA-256"), ("org/jsoup", "jsoup"),
         ("com/fasterxml/jackson", "Jackson"), ("dev/pymirror/store", "storing"), ("sun/nio/fs", "storing"),
         ("org/eclipse/jetty", "Jetty")]


def area(names):
    for prefix, name in AREAS:
        if any(n.startswith(prefix) for n in names):
            return name
    own = next((n for n in names if n.startswith("dev/pymirror")), names[-1])
    return "other: " + own


def samples(recording):
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "300", "--events", "jdk.ExecutionSample",
                          recording], check=True, capture_output=True, text=True).stdout
    return json.loads(out)["recording"]["events"]


def main_report(recording):
    places = collections.Counter()
    for event in samples(recording):
        if event["values"]["sampledThread"]["javaName"] != "main":
            continue
        names = [f["method"]["type"]["name"].replace("/", ".") + "." + f["method"]["name"]
                 for f in event["values"]["stackTrace"]["frames"]]
        if not names:
            continue
        own = [i for i, n in enumerate(names) if n.startswith("dev.pymirror")]
        if any(n.startswith("picocli") for n in names) and not any("ServeCommand.call" in n for n in names):
            places["picocli"] += 1
        elif own:
            i = own[0]
            places[names[i] + " > " + (names[i - 1] if i > 0 else "(itself)")] += 1
        else:
            places[names[-1]] += 1
    print(f"{sum(places.values())} main-thread samples")
    for place, count in places.most_common(15):
        print(f"  {count:4d} {place}")


def jfr_report(recording, log):
    _, start, end = fresh_window(log)
    day = datetime.fromtimestamp(start).strftime("%Y-%m-%d")
    kinds, areas, n = collections.Counter(), collections.Counter(), 0
    for event in samples(recording):
        at = datetime.fromisoformat(event["values"]["startTime"]).timestamp()
        frames = event["values"]["stackTrace"]["frames"]
        if not (start <= at <= end) or not frames:
            continue
        n += 1
        kinds[frames[0]["type"]] += 1
        areas[area([f["method"]["type"]["name"] + "." + f["method"]["name"] for f in frames])] += 1
    print(f"{n} samples in the fresh window of {log} ({day})")
    for kind, count in kinds.most_common():
        print(f"  {kind}: {count} ({100 * count / max(n, 1):.0f} %)")
    for name, count in areas.most_common(12):
        print(f"  {count:4d} {name}")


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "log":
        log_report(sys.argv[2:])
    elif len(sys.argv) == 4 and sys.argv[1] == "jfr":
        jfr_report(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 3 and sys.argv[1] == "main":
        main_report(sys.argv[2])
    else:
        sys.exit(__doc__)
