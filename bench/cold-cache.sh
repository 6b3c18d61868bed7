#!/usr/bin/env bash
# The cold-cache path with a warm JVM: what pymirror adds to each page and file it meets for the
# first time, beyond the time of its upstream (nginx serving a generated tree), after a warm-up on
# other projects. Run by hand, not by CI; needs nginx. Appends its table to target/bench/cold-cache.md.
#
#   bench/cold-cache.sh                 # 200 measured projects after 300 for the warm-up, 100 KB wheels
#   bench/cold-cache.sh 400 300 1000    # 400 projects of 1 MB
#   PYMIRROR_JAVA_OPTS=-XX:StartFlightRecording=filename=cold.jfr bench/cold-cache.sh   # profiling
#
# See src/test/java/dev/pymirror/bench/ColdCacheBench.java for what it does.
set -euo pipefail
cd "$(dirname "$0")/.."
java=$(scripts/find-java 21)
./mvnw -q -B -DskipFast package dependency:build-classpath \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
exec "$java" -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  dev.pymirror.bench.ColdCacheBench "$@"
