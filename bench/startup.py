#!/usr/bin/env python3
"""Start-up of `pymirror serve`, by hand (not CI): the time from exec to the first answered request,
for several ways of starting it, alternately, in one run. Prints a Markdown table of medians.

    bench/startup.py [-n RUNS] NAME=COMMAND...        (NAME without '=')

Each COMMAND is a shell command line (run by bash with `exec`, so the time is the server's own);
{port}, {data} and {upstream} in it are replaced by a free port, a fresh empty data directory and
the URL of a small upstream this script serves itself on 127.0.0.1 (one project, one wheel). For
example:

    bench/startup.py -n 10 \\
        'launcher=./pymirror serve --port {port} --data {data} --upstream {upstream}' \\
        'no AOT=PYMIRROR_JAVA_OPTS= ./pymirror serve --port {port} --data {data} --upstream {upstream}'

Two times are taken from the same start: until /health answers 200 (the server listens and
routes), and until /simple/benchpkg/ answers 200 (the first page pip asks for, fetched from the
upstream with an empty cache, as after a fresh deploy). The server is then stopped (SIGTERM).
"""
import argparse
import http.server
import os
import shutil
import signal
import socket
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.request

PAGE = b"""<!DOCTYPE html><html><body>
<a href="/files/benchpkg-1.0-py3-none-any.whl#sha256=%s">benchpkg-1.0-py3-none-any.whl</a>
</body></html>"""


class Upstream(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path.rstrip("/") in ("/simple/benchpkg", "/simple"):
            body = PAGE % (b"0" * 64)
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_error(404)

    def log_message(self, *args):
        pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answered(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            r.read()
            return r.status == 200
    except OSError:
        return False


def listening(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def one_start(command, upstream, work):
    port = free_port()
    data = tempfile.mkdtemp(dir=work)
    line = command.format(port=port, data=data, upstream=upstream)
    log = open(os.path.join(work, "server.log"), "ab")
    t0 = time.monotonic()
    # Through env(1), so that a line may start with VAR=value (bash cannot exec an assignment).
    p = subprocess.Popen(["bash", "-c", "exec env " + line], stdout=log, stderr=log, start_new_session=True)
    try:
        # Poll the port cheaply, then the health URL: polling costs the server nothing until it listens.
        while not listening(port):
            if p.poll() is not None:
                raise SystemExit(f"startup.py: '{line}' exited with {p.returncode}; see {work}/server.log")
            time.sleep(0.002)
        while not answered(f"http://127.0.0.1:{port}/health"):
            time.sleep(0.002)
        health = time.monotonic() - t0
        if not answered(f"http://127.0.0.1:{port}/simple/benchpkg/"):
            raise SystemExit(f"startup.py: '{line}' did not serve /simple/benchpkg/; see {work}/server.log")
        page = time.monotonic() - t0
    finally:
        try:
            os.killpg(p.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            p.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
        shutil.rmtree(data, ignore_errors=True)
    return health, page


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=7, help="starts per command (default 7)")
    parser.add_argument("commands", nargs="+", metavar="NAME=COMMAND")
    args = parser.parse_args()
    commands = [c.split("=", 1) for c in args.commands]
    work = tempfile.mkdtemp(prefix="pymirror-startup-")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Upstream)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    upstream = f"http://127.0.0.1:{server.server_address[1]}/simple/"
    times = {name: [] for name, _ in commands}
    try:
        for name, command in commands:  # once each untimed: the page cache, and archives written on first use
            one_start(command, upstream, work)
        for r in range(args.n):
            order = commands if r % 2 == 0 else list(reversed(commands))
            for name, command in order:
                times[name].append(one_start(command, upstream, work))
    finally:
        server.shutdown()
    load = open("/proc/loadavg").read().split()[:3]
    print(f"{args.n} starts each, alternating; load average after: {' '.join(load)}\n")
    print("| how | /health answers (median, min-max) | first page from the upstream (median, min-max) |")
    print("|---|---:|---:|")
    for name, _ in commands:
        h = [t[0] for t in times[name]]
        p = [t[1] for t in times[name]]
        print(f"| {name} | {statistics.median(h):.3f} s ({min(h):.3f}-{max(h):.3f}) "
              f"| {statistics.median(p):.3f} s ({min(p):.3f}-{max(p):.3f}) |")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
