#!/usr/bin/env bash
# The resident set of a `./pymirror serve` just started and idle (4 s after it was started, its
# background start-up work done), for each variant of PYMIRROR_JAVA_OPTS given as NAME=OPTIONS, in
# turn, RUNS times. What a change costs a server that serves nothing yet; bench/serve.sh -m gives
# the resident set under load. Run by hand:
#
#   bench/idle-rss.sh 3 "openssl=@src/main/launcher/serve-jvm.options" \
#       "jdk=@src/main/launcher/serve-jvm.options -Dpymirror.sha256=jdk"
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:?RUNS}
shift
./pymirror --version >/dev/null   # builds the jar if the sources changed
for i in $(seq "$runs"); do
  for variant in "$@"; do
    data=$(mktemp -d)
    # An upstream nothing answers at: an idle server asks it nothing.
    PYMIRROR_JAVA_OPTS="${variant#*=}" ./pymirror serve --port 0 --data "$data" \
      --upstream http://127.0.0.1:9/simple/ >"$data.log" 2>&1 &
    pid=$!
    sleep 4
    rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    rm -rf "$data" "$data.log"
    printf 'run %d, %-10s %6.1f MB\n' "$i" "${variant%%=*}" "$((rss))e-3"
  done
done
