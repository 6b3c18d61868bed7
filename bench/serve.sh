#!/usr/bin/env bash
# Measures `pymirror serve` against nginx serving the same static index, with wrk, in one run:
# a warm project page as pip asks for it (PEP 691 JSON, and PEP 503 HTML as older pip asks),
# a small wheel (~50 KB) and a 100 MB wheel. Run by hand, not by CI; needs nginx, wrk, curl.
#
#   bench/serve.sh                     # 3 rounds of 10 s per case and server, about 7 minutes
#   bench/serve.sh -r 5 -d 15s         # more rounds, longer runs (-w: JVM warm-up per case, 15s)
#   bench/serve.sh -l                  # both servers write an access log (default: neither does)
#   bench/serve.sh -M                  # also a second pymirror with metrics off (metrics = false), same run
#   bench/serve.sh -A                  # also a second pymirror exactly like the first (on its copy of the
#                                      # cache): what -M and -G's pair differs by with nothing different
#   bench/serve.sh -m                  # then 256 connections of mixed load on each server, and its RSS
#   bench/serve.sh -o BENCH.md         # where the Markdown goes (default target/serve-bench.md)
#   bench/serve.sh -g                  # pymirror's index blocks by advisories, one of which names the
#                                      # benchmark's project: its warm page is the filtered one
#   bench/serve.sh -G                  # as -g, and a second pymirror that does not block (same cache and
#                                      # advisories, no block policy) in the same rounds: the guard's cost
#   bench/serve.sh -t                  # time views instead of files: the page as of a moment
#                                      # (/pypi/+as-of/2022-01-01/...) and through a min-age index,
#                                      # each cutting about half the files, beside the plain page
#
# What it does, all in a temporary directory removed on exit:
#  1. writes a static PEP 503/691 tree (src/test/java/dev/pymirror/bench/ServeBenchTree.java);
#  2. serves it with nginx (one worker per core, sendfile, access_log off unless -l, the Accept header mapped
#     to index.json or index.html, gzip_static for the pre-compressed pages);
#  3. runs pymirror against nginx as its upstream and fetches the page in both encodings and the
#     files, which warms its cache; then restarts it --offline on that cache, so no upstream is
#     involved while it is measured;
#  4. warms the JVM up, then runs wrk against both servers, same threads, connections and duration,
#     alternating which goes first, for the given number of rounds; reports the medians of
#     requests/s and of the server's CPU time per request (user + system, all its processes or
#     threads, from /proc): throughput is what the goal is stated in, CPU per request is the
#     figure that holds still when other work shares the machine.
#
# PYMIRROR_JAVA_OPTS is passed to pymirror's JVM; the default here is explained in BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

args="$*"
rounds=3
duration=10s
warmup=15s
access_log=off
guard=off
time_views=no
second= # the second pymirror measured in the same rounds: pymirror-off (-M) or pymirror-unguarded (-G)
memory=no
out=target/serve-bench.md
usage() {
  sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
}
while getopts "r:d:w:o:lgGtMAmh" opt; do
  case $opt in
    r) rounds=$OPTARG ;;
    d) duration=$OPTARG ;;
    w) warmup=$OPTARG ;;
    l) access_log=on ;;
    g) guard=on ;;
    t) time_views=yes ;;
    G) guard=on; [[ ${second:-pymirror-unguarded} == pymirror-unguarded ]] && second=pymirror-unguarded || second=both ;;
    M) [[ ${second:-pymirror-off} == pymirror-off ]] && second=pymirror-off || second=both ;;
    A) [[ ${second:-pymirror-same} == pymirror-same ]] && second=pymirror-same || second=both ;;
    m) memory=yes ;;
    o) out=$OPTARG ;;
    *) usage ;;
  esac
done
[[ $second != both ]] || { echo "serve.sh: -G, -M and -A each measure a second pymirror; give one of them" >&2; exit 2; }
[[ $rounds =~ ^[1-9][0-9]*$ ]] || { echo "serve.sh: -r wants a number of rounds, not '$rounds'" >&2; exit 2; }
for tool in nginx wrk curl python3; do
  command -v "$tool" >/dev/null || { echo "serve.sh: $tool is not installed (apt-get install nginx wrk curl)" >&2; exit 1; }
done

# Fixed heap (no resizing while measured), parallel GC (the cheapest barriers and no concurrent GC
# threads competing with the request threads on a small machine); see BENCHMARKS.md.
export PYMIRROR_JAVA_OPTS=${PYMIRROR_JAVA_OPTS-"-Xms1g -Xmx1g -XX:+UseParallelGC -XX:+AlwaysPreTouch"}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pymirror-serve-bench.XXXXXX")
chmod 755 "$tmp" # nginx workers run as another user when started by root
nginx_pid=
pymirror_pid=
second_pid=
source "$(dirname "$0")/processes.sh"
cleanup() {
  stop "$pymirror_pid"
  stop "$second_pid"
  stop "$nginx_pid"
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_for() { # wait_for URL PID NAME
  local i
  for i in $(seq 600); do
    curl -sf -o /dev/null "$1" && return 0
    kill -0 "$2" 2>/dev/null || { echo "serve.sh: $3 exited; its log:" >&2; cat "$tmp/$3.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "serve.sh: $3 did not answer $1 within 60 s" >&2
  exit 1
}

log "building the tree generator and pymirror"
java=$(scripts/find-java 21)
# The jar the launcher runs, and the test classes (the tree generator); no tests run here.
./mvnw -q -B -DskipFast package dependency:build-classpath \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test

log "writing the static index in $tmp/tree"
read -r small large < <("$java" -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  dev.pymirror.bench.ServeBenchTree "$tmp/tree")
project=benchpkg

nginx_port=$(free_port)
pymirror_port=$(free_port)
second_port=$(free_port)
mkdir -p "$tmp/nginx"
cat >"$tmp/nginx.conf" <<EOF
worker_processes auto;
daemon off;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx.log warn;
events { worker_connections 4096; }
http {
    access_log $( [[ $access_log == on ]] && echo "$tmp/nginx-access.log" || echo off );
    sendfile on;
    tcp_nopush on;
    # Jetty keeps a connection for as many requests as the client sends; let nginx do the same.
    keepalive_requests 1000000;
    client_body_temp_path $tmp/nginx/body;
    proxy_temp_path $tmp/nginx/proxy;
    fastcgi_temp_path $tmp/nginx/fastcgi;
    uwsgi_temp_path $tmp/nginx/uwsgi;
    scgi_temp_path $tmp/nginx/scgi;
    default_type application/octet-stream;
    # PEP 691 by the Accept header, as a static tree is served: JSON when it is asked for, else HTML.
    map \$http_accept \$simple_index {
        default index.html;
        "~application/vnd\\.pypi\\.simple\\.v1\\+json" index.json;
    }
    server {
        listen 127.0.0.1:$nginx_port;
        root $tmp/tree;
        location /simple/ {
            types { application/vnd.pypi.simple.v1+json json; text/html html; }
            gzip_static on;
            add_header Vary "Accept, Accept-Encoding";
            try_files \$uri\$simple_index \$uri =404;
        }
        location /files/ {
        }
    }
}
EOF
log "starting nginx on 127.0.0.1:$nginx_port"
nginx -c "$tmp/nginx.conf" -p "$tmp/nginx" >"$tmp/nginx.log" 2>&1 &
nginx_pid=$!
wait_for "http://127.0.0.1:$nginx_port/simple/" "$nginx_pid" nginx

pip_accept='application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01'
pip_agent='pip/24.0 {"ci":null,"cpu":"x86_64","distro":{"id":"bookworm","libc":{"lib":"glibc","version":"2.36"},"name":"Debian GNU/Linux","version":"12"},"implementation":{"name":"CPython","version":"3.11.2"},"installer":{"name":"pip","version":"24.0"},"openssl_version":"OpenSSL 3.0.15 3 Sep 2024","python":"3.11.2","system":{"name":"Linux","release":"6.1.0"}}'
# Each case: name, path, wrk threads, connections, then the request headers.
cases=(page-json page-html small-file large-file)
declare -A path conns threads hdrs
path[page-json]=/simple/$project/;    hdrs[page-json]="Accept: $pip_accept|Cache-Control: max-age=0"
path[page-html]=/simple/$project/;    hdrs[page-html]="Accept: text/html|Cache-Control: max-age=0"
path[small-file]=/files/$project/$small; hdrs[small-file]="Accept: */*"
path[large-file]=/files/$project/$large; hdrs[large-file]="Accept: */*"
threads[page-json]=2; conns[page-json]=32
threads[page-html]=2; conns[page-html]=32
threads[small-file]=2; conns[small-file]=32
threads[large-file]=2; conns[large-file]=4
# Time views (-t): pymirror's filtered page against nginx's plain one (nginx has no such view), and
# pymirror's own plain page beside them; the moment and the min-age each leave about half the files.
declare -A npath
if [[ $time_views == yes ]]; then
  cases=(page-json asof-json minage-json page-html asof-html minage-html)
  for v in json html; do
    path[asof-$v]=/pypi/+as-of/2022-01-01/simple/$project/; npath[asof-$v]=/simple/$project/
    path[minage-$v]=/cool/simple/$project/;                  npath[minage-$v]=/simple/$project/
    hdrs[asof-$v]=${hdrs[page-$v]}; hdrs[minage-$v]=${hdrs[page-$v]}
    threads[asof-$v]=2; conns[asof-$v]=32; threads[minage-$v]=2; conns[minage-$v]=32
  done
fi
srvpath() { # srvpath CASE SERVER: the path each server is asked for
  if [[ $2 == nginx ]]; then echo "${npath[$1]:-${path[$1]}}"; else echo "${path[$1]}"; fi
}
describe() {
  case $1 in
    page-json) echo "project page, JSON (300 files; Accept as pip ≥ 22.2 sends it)" ;;
    page-html) echo "project page, HTML (Accept: text/html, as pip < 22.2)" ;;
    small-file) echo "small wheel ($(stat -c %s "$tmp/tree/files/$project/$small") bytes)" ;;
    large-file) echo "large wheel ($(stat -c %s "$tmp/tree/files/$project/$large") bytes)" ;;
    asof-*) echo "project page as of 2022-01-01, ${1#asof-} (pymirror; nginx: the plain page)" ;;
    minage-*) echo "project page through min-age 1800d, ${1#minage-} (pymirror; nginx: the plain page)" ;;
  esac
}
# Headers every pip request carries.
common_headers=("User-Agent: $pip_agent" "Accept-Encoding: gzip, deflate")
header_args() { # header_args CASE TOOL: -H options for curl or wrk
  local h
  IFS='|' read -ra extra <<<"${hdrs[$1]}"
  for h in "${common_headers[@]}" "${extra[@]}"; do printf '%s\0%s\0' -H "$h"; done
}

write_config() { # write_config FILE GUARD: the default index (pypi) takes --upstream as before; with
  # GUARD on it blocks by advisories; -t adds a second mirror of nginx with a cooldown.
  {
    printf '%s\n' '[index.pypi]' 'page-ttl = "1d"'
    if [[ $2 == on ]]; then
      printf '%s\n' 'block = ["malware"]' 'block-vulnerable = "low"'
    fi
    if [[ $time_views == yes ]]; then
      printf '%s\n' '[index.cool]' "upstream = \"http://127.0.0.1:$nginx_port/simple/\"" 'page-ttl = "1d"' 'min-age = "1800d"'
    fi
  } >"$1"
}
config=()
second_config=()
if [[ $guard == on || $time_views == yes ]]; then
  write_config "$tmp/pymirror.toml" "$guard"
  config=(--config "$tmp/pymirror.toml")
  # The second pymirror serves what the first does, but for what it compares (-M metrics, -G the guard).
  write_config "$tmp/pymirror-second.toml" "$([[ $second == pymirror-unguarded ]] && echo off || echo "$guard")"
  second_config=(--config "$tmp/pymirror-second.toml")
fi
if [[ $guard == on ]]; then
  # An advisory (severity low) on releases 1.0 to 2.0 of the project: 10 of the page's 300 files are
  # left out, and the file cases (release 30.0) are served; the index blocks by every severity.
  mkdir -p "$tmp/osv"
  printf '%s\n' '{"id": "PYSEC-BENCH-1", "modified": "2026-01-01T00:00:00Z", "database_specific": {"severity": "LOW"},' \
    ' "affected": [{"package": {"ecosystem": "PyPI", "name": "'"$project"'"},' \
    '   "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "1.0"}, {"fixed": "2.0"}]}]}]}' \
    >"$tmp/osv/PYSEC-BENCH-1.json"
  ./pymirror advisories import "$tmp/osv" "${config[@]}" --data "$tmp/data" >/dev/null
fi

start_pymirror() { # start_pymirror [--offline]
  log "starting pymirror on 127.0.0.1:$pymirror_port $* ${config[*]}"
  # The same logging as nginx: PYMIRROR_ACCESS_LOG=OFF switches pymirror's access log off.
  PYMIRROR_ACCESS_LOG=$([[ $access_log == on ]] && echo INFO || echo OFF) ./pymirror serve --port "$pymirror_port" --data "$tmp/data" \
    --upstream "http://127.0.0.1:$nginx_port/simple/" --page-ttl 1d "${config[@]}" "$@" >"$tmp/pymirror.log" 2>&1 &
  pymirror_pid=$!
  wait_for "http://127.0.0.1:$pymirror_port/health" "$pymirror_pid" pymirror
}
start_second() { # the same, on a copy of the warm cache and advisories (one server per data directory),
  # with metrics off (-M) or no block policy (-G)
  local environment=()
  [[ $second != pymirror-off ]] || environment=(PYMIRROR_METRICS=false)
  log "starting $second on 127.0.0.1:$second_port ${second_config[*]}"
  cp -a "$tmp/data" "$tmp/data-second"
  env "${environment[@]}" PYMIRROR_ACCESS_LOG=$([[ $access_log == on ]] && echo INFO || echo OFF) ./pymirror serve \
    --port "$second_port" --data "$tmp/data-second" --upstream "http://127.0.0.1:$nginx_port/simple/" --page-ttl 1d \
    "${second_config[@]}" --offline >"$tmp/$second.log" 2>&1 &
  second_pid=$!
  wait_for "http://127.0.0.1:$second_port/health" "$second_pid" "$second"
  if [[ $second == pymirror-off ]]; then
    [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$second_port/metrics") == 404 ]] \
      || { echo "serve.sh: the server with metrics off still answers /metrics" >&2; exit 1; }
  fi
}

start_pymirror
log "warming pymirror's cache from nginx"
for c in "${cases[@]}"; do
  mapfile -d '' -t h < <(header_args "$c")
  curl -sf "${h[@]}" -o /dev/null "http://127.0.0.1:$pymirror_port${path[$c]}" \
    || { echo "serve.sh: pymirror did not serve ${path[$c]}; its log:" >&2; cat "$tmp/pymirror.log" >&2; exit 1; }
done
stop "$pymirror_pid"
servers=(nginx pymirror)
if [[ -n $second ]]; then
  start_second
  servers+=("$second")
fi
start_pymirror --offline

# Both servers must send the same thing: status 200, and for files the same bytes.
log "checking what each server sends"
sizes="| case | nginx sends | pymirror sends |"$'\n'"|---|---|---|"
[[ -z $second ]] || sizes="| case | nginx sends | pymirror sends | $second sends |"$'\n'"|---|---|---|---|"
declare -A sent # sent[CASE:PORT]: the bytes of the answer
for c in "${cases[@]}"; do
  mapfile -d '' -t h < <(header_args "$c")
  row="| $c"
  for port in "$nginx_port" "$pymirror_port" $([[ -z $second ]] || echo "$second_port"); do
    [[ $port == "$nginx_port" ]] && server=nginx || server=pymirror
    read -r code bytes type < <(curl -s "${h[@]}" -o "$tmp/body" \
      -w '%{http_code} %{size_download} %{content_type}\n' "http://127.0.0.1:$port$(srvpath "$c" $server)")
    [[ $code == 200 ]] || { echo "serve.sh: $c on port $port answered $code" >&2; exit 1; }
    encoding=$(curl -s "${h[@]}" -D - -o /dev/null "http://127.0.0.1:$port$(srvpath "$c" $server)" \
      | tr -d '\r' | sed -n 's/^[Cc]ontent-[Ee]ncoding: *//p')
    [[ -n $type ]] || type="no Content-Type"
    sent[$c:$port]=$bytes
    row+=" | $bytes bytes, ${type%%;*}${encoding:+, $encoding}"
    if [[ $c == *-file ]]; then
      cmp -s "$tmp/body" "$tmp/tree/files/$project/${path[$c]##*/}" \
        || { echo "serve.sh: $c on port $port differs from the file" >&2; exit 1; }
    fi
  done
  sizes+=$'\n'"$row |"
  # The guard's pair must differ in what -G measures: the guarded page leaves the advisory's files out.
  if [[ $second == pymirror-unguarded && $c == page-* ]]; then
    guarded=${sent[$c:$pymirror_port]} unguarded=${sent[$c:$second_port]}
    ((guarded < unguarded)) || { echo "serve.sh: $c: the guarded pymirror sends $guarded bytes," \
      "the unguarded one $unguarded: the guard filters nothing" >&2; exit 1; }
  fi
done
rm -f "$tmp/body"

cat >"$tmp/report.lua" <<'EOF'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d\n", summary.requests, summary.bytes, summary.duration,
    e.connect + e.read + e.write + e.status + e.timeout))
end
EOF
clock_ticks=$(getconf CLK_TCK)
cpu_ticks() { # cpu_ticks PID...: user + system time of these processes (all their threads) so far
  local p t=0
  for p in "$@"; do t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat"))); done
  echo "$t"
}
server_pids() { # server_pids NAME: nginx's master and workers, or pymirror's JVM
  case $1 in
    nginx) echo "$nginx_pid" $(pgrep -P "$nginx_pid") ;;
    "$second") echo "$second_pid" ;;
    *) echo "$pymirror_pid" ;;
  esac
}
run_wrk() { # run_wrk CASE SERVER DURATION: prints "requests/s bytes/s errors cpu-µs/request"
  local c=$1 h port pids before after
  case $2 in nginx) port=$nginx_port ;; "$second") port=$second_port ;; *) port=$pymirror_port ;; esac
  pids=$(server_pids "$2")
  mapfile -d '' -t h < <(header_args "$c")
  before=$(cpu_ticks $pids)
  wrk -t"${threads[$c]}" -c"${conns[$c]}" -d"$3" --timeout 30s -s "$tmp/report.lua" "${h[@]}" \
    "http://127.0.0.1:$port$(srvpath "$c" "$2")" >"$tmp/wrk.out"
  after=$(cpu_ticks $pids)
  awk -v ticks=$((after - before)) -v hz="$clock_ticks" '$1 == "RESULT" { s = $4 / 1e6
    printf "%.1f %.0f %d %.1f\n", $2 / s, $3 / s, $5, ($2 > 0 ? ticks / hz * 1e6 / $2 : 0) }' "$tmp/wrk.out"
}

log "warming up the JVM ($warmup per case; nginx too, for its page cache)"
for c in "${cases[@]}"; do
  run_wrk "$c" pymirror "$warmup" >/dev/null
  [[ -z $second ]] || run_wrk "$c" "$second" "$warmup" >/dev/null
  run_wrk "$c" nginx 2s >/dev/null
done

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
: >"$tmp/results"
for r in $(seq "$rounds"); do
  for c in "${cases[@]}"; do
    # Alternate who goes first, so that neither always runs right after the other's load.
    # (With a second pymirror measured too, each server goes first in turn.)
    if ((${#servers[@]} == 3)); then
      order=("${servers[@]:$((r % 3))}" "${servers[@]:0:$((r % 3))}")
    elif ((r % 2)); then order=(nginx pymirror); else order=(pymirror nginx); fi
    for server in "${order[@]}"; do
      load=$(cut -d' ' -f1 /proc/loadavg)
      read -r rps bps errors cpu < <(run_wrk "$c" "$server" "$duration")
      printf '%s %s %s %s %s %s %s %s\n' "$c" "$server" "$r" "$rps" "$bps" "$errors" "$cpu" "$load" >>"$tmp/results"
      log "round $r/$rounds $c $server: $rps requests/s, $((bps / 1000000)) MB/s, $cpu µs CPU/request, $errors errors (load $load)"
    done
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

rss_kb() { # rss_kb PID...: resident set of these processes together, in kB
  local p t=0
  for p in "$@"; do t=$((t + $(awk '/^VmRSS:/ { print $2 }' "/proc/$p/status"))); done
  echo "$t"
}
memory_table=
if [[ $memory == yes ]]; then
  # 256 connections at once, as a CI farm's burst: 128 on the JSON page, 96 on the small wheel, 32
  # on the 100 MB wheel, for $duration, three wrk processes side by side; then each server's RSS.
  memory_table="Memory: 256 connections of mixed load for $duration (wrk -c128 JSON page, -c96 small wheel, -c32 large wheel, at once), then the resident set (VmRSS; nginx: master and workers):"
  memory_table+=$'\n\n'"| server | RSS before | RSS after | requests/s, page / small / large |"$'\n'"|---|---:|---:|---|"
  for server in "${servers[@]}"; do
    case $server in nginx) port=$nginx_port ;; "$second") port=$second_port ;; *) port=$pymirror_port ;; esac
    pids=$(server_pids "$server")
    before=$(rss_kb $pids)
    rates=()
    wrk_pids=()
    for spec in "page-json 128" "small-file 96" "large-file 32"; do
      read -r c n <<<"$spec"
      mapfile -d '' -t h < <(header_args "$c")
      wrk -t1 -c"$n" -d"$duration" --timeout 30s -s "$tmp/report.lua" "${h[@]}" \
        "http://127.0.0.1:$port${path[$c]}" >"$tmp/wrk-$c.out" &
      wrk_pids+=($!)
    done
    wait "${wrk_pids[@]}"
    for c in page-json small-file large-file; do
      rates+=("$(awk '$1 == "RESULT" { printf "%.0f", $2 / ($4 / 1e6) }' "$tmp/wrk-$c.out")")
    done
    after=$(rss_kb $(server_pids "$server"))
    memory_table+=$'\n'"| $server | $((before / 1024)) MB | $((after / 1024)) MB | ${rates[0]} / ${rates[1]} / ${rates[2]} |"
    log "memory $server: RSS $((before / 1024)) MB before, $((after / 1024)) MB after; requests/s ${rates[*]}"
  done
fi

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
pick() { awk -v c="$1" -v s="$2" -v f="$3" '$1 == c && $2 == s { print $f }' "$tmp/results"; }
table="| case | wrk | nginx req/s | pymirror req/s | nginx MB/s | pymirror MB/s | **pymirror/nginx** | CPU µs/req nginx | CPU µs/req pymirror |"
table+=$'\n'"|---|---|---:|---:|---:|---:|---:|---:|---:|"
rounds_table="| case | server | req/s per round | CPU µs/req per round | load (1 min) per round | errors |"
rounds_table+=$'\n'"|---|---|---|---|---|---:|"
joined() { awk -v f="$1" '{ printf "%s" f, (NR > 1 ? " / " : ""), $1 }'; }
for c in "${cases[@]}"; do
  n_rps=$(pick "$c" nginx 4 | median); p_rps=$(pick "$c" pymirror 4 | median)
  n_bps=$(pick "$c" nginx 5 | median); p_bps=$(pick "$c" pymirror 5 | median)
  n_cpu=$(pick "$c" nginx 7 | median); p_cpu=$(pick "$c" pymirror 7 | median)
  table+=$'\n'$(awk -v d="$(describe "$c")" -v w="-t${threads[$c]} -c${conns[$c]}" \
    -v nr="$n_rps" -v pr="$p_rps" -v nb="$n_bps" -v pb="$p_bps" -v nc="$n_cpu" -v pc="$p_cpu" 'BEGIN {
      printf "| %s | %s | %.1f | %.1f | %.0f | %.0f | **%.2f** | %.0f | %.0f |", d, w, nr, pr, nb / 1e6, pb / 1e6, pr / nr, nc, pc }')
  for s in "${servers[@]}"; do
    rounds_table+=$'\n'"| $c | $s | $(pick "$c" "$s" 4 | joined %.1f) | $(pick "$c" "$s" 7 | joined %.0f) | $(pick "$c" "$s" 8 | joined %s) | $(pick "$c" "$s" 6 | awk '{ e += $1 } END { print e }') |"
  done
done

# Medians of the per-round quotient A/B - 1 (in %): both measured in the same round, so the drift
# between rounds (other work on the machine) cancels out.
per_round() { # per_round CASE_A SERVER_A CASE_B SERVER_B
  awk -v ca="$1" -v sa="$2" -v cb="$3" -v sb="$4" '$1 == ca && $2 == sa { a[$3] = $4 } $1 == cb && $2 == sb { b[$3] = $4 }
    END { for (r in a) if (b[r] > 0) print (a[r] / b[r] - 1) * 100 }' "$tmp/results" | median
}
pair_table=
if [[ -n $second ]]; then
  # A second pymirror in the same rounds: /metrics' cost (-M, issue 13) or the advisory guard's (-G,
  # issue 17), each bound to move pymirror's ratio to nginx by at most 3 %.
  if [[ $second == pymirror-same ]]; then
    on=first off=second
    pair_table='Two pymirrors alike (the second on a copy of the cache), pymirror/nginx requests/s and CPU µs per request, medians of the same rounds:'
  elif [[ $second == pymirror-off ]]; then
    on=on off=off
    pair_table='/metrics on and off (`PYMIRROR_METRICS=false`), pymirror/nginx requests/s and CPU µs per request, medians of the same rounds:'
  else
    on=guarded off=unguarded
    pair_table='The advisory guard on and off (a second pymirror on a copy of the cache and advisories, no block policy), pymirror/nginx requests/s and CPU µs per request, medians of the same rounds:'
  fi
  pair_table+=$'\n\n'"| case | **$on / nginx** | **$off / nginx** | $on/$off - 1 | per round, median | req/s $on | req/s $off | CPU µs/req $on | CPU µs/req $off |"
  pair_table+=$'\n'"|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  for c in "${cases[@]}"; do
    n_rps=$(pick "$c" nginx 4 | median); p_rps=$(pick "$c" pymirror 4 | median); o_rps=$(pick "$c" "$second" 4 | median)
    p_cpu=$(pick "$c" pymirror 7 | median); o_cpu=$(pick "$c" "$second" 7 | median)
    pair_table+=$'\n'$(awk -v d="$c" -v nr="$n_rps" -v pr="$p_rps" -v orr="$o_rps" -v pc="$p_cpu" -v oc="$o_cpu" \
      -v rr="$(per_round "$c" pymirror "$c" "$second")" 'BEGIN {
      printf "| %s | **%.2f** | **%.2f** | %+.1f %% | %+.1f %% | %.1f | %.1f | %.0f | %.0f |", d, pr / nr, orr / nr, (pr / orr - 1) * 100, rr, pr, orr, pc, oc }')
  done
fi
views_table=
if [[ $time_views == yes ]]; then
  # Issue 16: a view answers no slower than the plain page it filters, pymirror against itself in
  # the same rounds (nginx has no such view).
  views_table='Time views against pymirror'"'"'s plain page (same encoding), requests/s and CPU µs per request, medians of the same rounds:'
  views_table+=$'\n\n'"| view | req/s view | req/s plain page | view/plain - 1 | per round, median | CPU µs/req view | CPU µs/req plain page |"
  views_table+=$'\n'"|---|---:|---:|---:|---:|---:|---:|"
  for c in "${cases[@]}"; do
    [[ $c == page-* ]] && continue
    plain=page-${c#*-}
    v_rps=$(pick "$c" pymirror 4 | median); p_rps=$(pick "$plain" pymirror 4 | median)
    v_cpu=$(pick "$c" pymirror 7 | median); p_cpu=$(pick "$plain" pymirror 7 | median)
    views_table+=$'\n'$(awk -v d="$c" -v vr="$v_rps" -v pr="$p_rps" -v vc="$v_cpu" -v pc="$p_cpu" \
      -v rr="$(per_round "$c" pymirror "$plain" pymirror)" 'BEGIN {
      printf "| %s | %.1f | %.1f | %+.1f %% | %+.1f %% | %.0f | %.0f |", d, vr, pr, (vr / pr - 1) * 100, rr, vc, pc }')
  done
fi

java_version=$("$java" -version 2>&1 | head -n 1)
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
mkdir -p "$(dirname "$out")"
cat >"$out" <<EOF
Run $(date -u '+%Y-%m-%d %H:%M UTC') with \`bench/serve.sh${args:+ $args}\`: $rounds rounds of $duration per case and
server, medians shown, MB = 10^6 bytes; access logs (nginx's and pymirror's) $access_log; advisory guard $guard$([[ $second != pymirror-unguarded ]] || echo " (off on the second pymirror)"). Machine: $(nproc) cores ($cpu), $(uname -sr);
$java_version with \`PYMIRROR_JAVA_OPTS="$PYMIRROR_JAVA_OPTS"\`; $(nginx -v 2>&1 | sed 's/^nginx version: //');
wrk $(wrk -v 2>&1 | sed -n 's/^wrk \([^ ]*\).*/\1/p' | head -n 1). Load average (1, 5, 15 min) before: $load_before, after: $load_after.

$table

$pair_table

$views_table

$memory_table

What each server sends (both with pip's headers, Accept-Encoding: gzip, deflate):

$sizes

Requests per second in each round:

$rounds_table
EOF
log "written to $out"
cat "$out"
