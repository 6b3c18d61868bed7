#!/usr/bin/env bash
# Measures `pip install` of cached projects through `pymirror serve` with its upstream healthy and
# with it black-holed (a socket that accepts connections and never answers), one run each, and
# prints their ratio (the goal: at most 1.5). Run by hand, not by CI; needs python3 with pip.
#
#   bench/hang.sh                      # one healthy and one black-holed install
#   bench/hang.sh -o BENCH.md          # where the Markdown goes (default target/hang-bench.md)
#
# What it does, all in a temporary directory removed on exit:
#  1. writes a PEP 503 tree of 7 small wheels (an application and 6 dependencies, as flask has) and
#     serves it with python3's http.server (Last-Modified and 304s) on a free port;
#  2. starts pymirror with that upstream and a page TTL of 0, so that every page pip asks for is
#     revalidated upstream, with every other setting at its default; installs once to fill the cache;
#  3. times `pip install` of the application into a new target with the upstream healthy;
#  4. stops the upstream, listens on the same port with a socket that accepts and never answers,
#     and times the same install again; then waits until /health says the upstream is down (the
#     first revalidation timed out) and times it once more.
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/hang-bench.md
while getopts "o:h" opt; do
  case $opt in
    o) out=$OPTARG ;;
    *) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pymirror-hang-bench.XXXXXX")
upstream_pid=
pymirror_pid=
source "$(dirname "$0")/processes.sh"
cleanup() {
  stop "$pymirror_pid"
  stop "$upstream_pid"
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log "writing the upstream's tree"
python3 - "$tmp/tree" <<'PY'
import base64, hashlib, os, sys, zipfile
root = sys.argv[1]
deps = ["hb-werkzeug", "hb-jinja", "hb-markupsafe", "hb-itsdangerous", "hb-click", "hb-blinker"]
projects = {"hb-app": deps} | {d: [] for d in deps}
for name, requires in projects.items():
    mod = name.replace("-", "_")
    fn = f"{mod}-1.0-py3-none-any.whl"
    di = f"{mod}-1.0.dist-info"
    files = {
        f"{mod}/__init__.py": b"VERSION = '1.0'\n",
        f"{di}/METADATA": ("Metadata-Version: 2.1\nName: %s\nVersion: 1.0\n" % name
                           + "".join(f"Requires-Dist: {r}\n" for r in requires)).encode(),
        f"{di}/WHEEL": b"Wheel-Version: 1.0\nGenerator: hang-bench\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = ""
    for path, data in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record += f"{path},sha256={digest},{len(data)}\n"
    record += f"{di}/RECORD,,\n"
    files[f"{di}/RECORD"] = record.encode()
    d = os.path.join(root, "simple", name)
    os.makedirs(d)
    with zipfile.ZipFile(os.path.join(d, fn), "w") as z:
        for path, data in files.items():
            z.writestr(path, data)
    sha = hashlib.sha256(open(os.path.join(d, fn), "rb").read()).hexdigest()
    with open(os.path.join(d, "index.html"), "w") as f:
        f.write(f'<!DOCTYPE html><html><body><a href="{fn}#sha256={sha}">{fn}</a></body></html>\n')
PY

port=$(free_port)
start_upstream() {
  (cd "$tmp/tree" && exec python3 -m http.server --bind 127.0.0.1 "$port") >"$tmp/upstream.log" 2>&1 &
  upstream_pid=$!
  for _ in $(seq 100); do curl -fsS "http://127.0.0.1:$port/simple/hb-app/" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "hang.sh: the upstream did not start" >&2; exit 1
}
start_upstream

mport=$(free_port)
log "starting pymirror (page TTL 0, default timeouts)"
PYMIRROR_ACCESS_LOG=INFO ./pymirror serve --port "$mport" --data "$tmp/data" \
  --upstream "http://127.0.0.1:$port/simple/" --page-ttl 0s >"$tmp/pymirror.log" 2>&1 &
pymirror_pid=$!
for _ in $(seq 600); do curl -fsS "http://127.0.0.1:$mport/health" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fsS "http://127.0.0.1:$mport/health" >/dev/null || { cat "$tmp/pymirror.log" >&2; exit 1; }

install() { # install TARGET: prints seconds
  local home="$tmp/home-$1" t0 t1
  mkdir -p "$home"
  t0=$(date +%s.%N)
  env -i PATH=/usr/bin:/bin HOME="$home" PIP_CONFIG_FILE=/dev/null PIP_DISABLE_PIP_VERSION_CHECK=1 \
    python3 -m pip install -q --no-cache-dir --index-url "http://127.0.0.1:$mport/simple/" \
    --target "$tmp/$1" hb-app >"$tmp/pip-$1.log" 2>&1 \
    || { echo "hang.sh: pip failed ($1):" >&2; cat "$tmp/pip-$1.log" >&2; exit 1; }
  t1=$(date +%s.%N)
  python3 -c "print(f'{$t1 - $t0:.2f}')"
}

log "filling the cache"
install warm >/dev/null
log "healthy upstream"
healthy=$(install healthy)

log "black-holed upstream"
stop "$upstream_pid"
python3 - "$port" >"$tmp/blackhole.log" 2>&1 <<'PY' &
import socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen(128)
held = []
while True:
    c, _ = s.accept()
    held.append(c)  # accepted, never read, never answered, never closed
PY
upstream_pid=$!
sleep 0.5
blackholed=$(install blackholed)
state() { curl -fsS "http://127.0.0.1:$mport/health" | python3 -c 'import json,sys; print(json.load(sys.stdin)["indexes"]["pypi"].get("upstream-state"))'; }
health=$(state)
stale=$(grep -c 'STALE' "$tmp/pymirror.log" || true)
ratio=$(python3 -c "print(f'{$blackholed / $healthy:.2f}')")
log "black-holed upstream, once the breaker is open"
for _ in $(seq 300); do [[ $(state) == down ]] && break; sleep 0.1; done
down=$(install down)
health_down=$(state)
ratio_down=$(python3 -c "print(f'{$down / $healthy:.2f}')")

mkdir -p "$(dirname "$out")"
cat >"$out" <<MD
| upstream | \`pip install hb-app\` (7 cached projects, page TTL 0) |
|---|---|
| healthy | ${healthy} s |
| black-holed, first install | ${blackholed} s (${ratio}x; /health then: upstream ${health}; ${stale} STALE log lines) |
| black-holed, breaker open | ${down} s (${ratio_down}x; /health: upstream ${health_down}) |
MD
cat "$out"
