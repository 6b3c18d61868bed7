#!/usr/bin/env bash
# pymirror bundle create / import of a generated tree of about MB megabytes (pages, .metadata
# files and wheels from 200 KB to 14 MB of random bytes), against tar -cf / tar -xf of the same
# tree and sha256sum of its files as yardsticks (tar hashes nothing; a hand-made transfer checked
# by sha256sum reads everything once more). Prints the median wall, user and system seconds of
# RUNS runs of each, and appends them to target/bench/bundle.txt. Take the CPU lock exclusively:
#
#   flock -x /tmp/pymirror-cpu.lock bench/bundle.sh          # 300 MB, 3 runs
#   flock -x /tmp/pymirror-cpu.lock bench/bundle.sh 600 5
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-300}
runs=${2:-3}
work=target/bench/bundle
rm -rf "$work"
mkdir -p "$work/tree"
./pymirror --version >/dev/null   # builds the jar if the sources changed

# The tree: 30% of the bytes in 200 KB wheels, 40% in 2 MB ones, 30% in 14 MB ones.
make_files() { # count size-kb
  local i
  for ((i = 0; i < $1; i++)); do
    local p="proj$((i % 40))"
    mkdir -p "$work/tree/$p"
    head -c "$(($2 * 1024))" /dev/urandom > "$work/tree/$p/$p-$2k.$i-py3-none-any.whl"
    printf 'Metadata-Version: 2.1\nName: %s\nVersion: %s\n' "$p" "$i" \
      > "$work/tree/$p/$p-$2k.$i-py3-none-any.whl.metadata"
  done
}
make_files $((mb * 3 / 10 * 1024 / 200)) 200
make_files $((mb * 4 / 10 / 2)) 2048
make_files $((mb * 3 / 10 / 14)) 14336
for p in "$work"/tree/proj*; do
  ls "$p" | sed 's|.*|<a href="&">&</a>|' > "$p/index.html"
done
ls "$work/tree" | sed 's|.*|<a href="&/">&</a>|' > "$work/tree/index.html"
files=$(find "$work/tree" -type f | wc -l)
bytes=$(du -sb "$work/tree" | cut -f1)
./pymirror bundle keygen --out "$work/keys" >/dev/null

measure() { # label command...
  local out="$work/times.$1"
  /usr/bin/time -f '%e %U %S' -a -o "$out" "${@:2}" >/dev/null
}
for ((r = 0; r < runs; r++)); do
  rm -f "$work/b.bundle" "$work/t.tar"; rm -rf "$work/site" "$work/x"; mkdir "$work/x"
  measure create ./pymirror bundle create --from "$work/tree" --key "$work/keys/pymirror-bundle.key" \
    --out "$work/b.bundle"
  measure tar-c tar -cf "$work/t.tar" -C "$work/tree" .
  measure sha256sum sh -c "find '$work/tree' -type f -print0 | xargs -0 sha256sum"
  measure import ./pymirror bundle import "$work/b.bundle" --into "$work/site" \
    --trust "$work/keys/pymirror-bundle.pub"
  measure tar-x tar -xf "$work/t.tar" -C "$work/x"
done
cmp <(cd "$work/tree" && find . -type f ! -path './.pymirror/*' | sort | xargs sha256sum) \
    <(cd "$work/site" && find . -type f ! -path './.pymirror/*' | sort | xargs sha256sum)

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
report=$(
  echo "$(date -u '+%F %H:%M') UTC $(git rev-parse --short HEAD), $files files, $((bytes / 1048576)) MiB, $runs runs," \
    "load $(cut -d' ' -f1-3 /proc/loadavg)"
  printf '%-12s %8s %8s %8s %10s\n' step wall user sys MiB/s
  for step in create tar-c sha256sum import tar-x; do
    wall=$(cut -d' ' -f1 "$work/times.$step" | median)
    user=$(cut -d' ' -f2 "$work/times.$step" | median)
    sys=$(cut -d' ' -f3 "$work/times.$step" | median)
    printf '%-12s %8s %8s %8s %10s\n' "$step" "$wall" "$user" "$sys" \
      "$(awk -v b="$bytes" -v w="$wall" 'BEGIN {printf "%.0f", b / 1048576 / w}')"
  done
)
echo "$report"
mkdir -p target/bench
echo "$report" >> target/bench/bundle.txt
