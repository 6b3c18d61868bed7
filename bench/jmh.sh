#!/usr/bin/env bash
# Runs the JMH micro-benchmarks in src/test/java/dev/pymirror/bench with the given JMH options.
#
#   bench/jmh.sh                       # all of them, with the settings in each class
#   bench/jmh.sh VersionBench -f 1     # one class, one fork
#   bench/jmh.sh -rf json -rff target/jmh.json
set -euo pipefail
cd "$(dirname "$0")/.."
java=$(scripts/find-java 21)
./mvnw -q -B test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
exec "$java" -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  org.openjdk.jmh.Main "$@"
