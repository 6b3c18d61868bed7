#!/usr/bin/env bash
# pymirror on its data directory against pymirror on S3 (a real S3Proxy on 127.0.0.1) with the
# node's disk cache of the bucket's files warm and cold, nginx serving the same tree as the
# yardstick, in one run: wrk on a mirror's and a hosted index's page, small and large wheel, and
# the real pip's `download` of 32 projects from each, in alternating rounds; medians and ratios to
# nginx and to pymirror on its data directory. Run by hand, not by CI; needs nginx, wrk, twine and
# Debian's python3 with pip. Appends its Markdown tables to target/bench/storage.md.
#
#   bench/storage.sh          # 3 rounds, wrk runs of 10 s (about 25 minutes)
#   bench/storage.sh 5 15     # 5 rounds of 15 s
#
# See src/test/java/dev/pymirror/bench/StorageBench.java for what a round does.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in nginx wrk; do
  command -v "$tool" >/dev/null || { echo "storage.sh: $tool is not installed (apt-get install nginx wrk)" >&2; exit 1; }
done
java=$(scripts/find-java 21)
# The jar the launcher runs, S3Proxy's jar (target/s3proxy/), and the test classes; no tests run here.
./mvnw -q -B -DskipFast package dependency:copy@copy-s3proxy dependency:build-classpath \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
exec "$java" -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  dev.pymirror.bench.StorageBench "$@"
