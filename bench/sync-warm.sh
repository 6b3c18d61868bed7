#!/usr/bin/env bash
# The sync of bench/sync.sh (saleor, the upstream answering at once) run several times in one JVM:
# the first run is a cold one, the later ones what a sync costs once the JIT has compiled it. Prints
# each run's wall clock and CPU time (user+sys) of the syncing JVM alone.
#
#   bench/sync-warm.sh                         # 8 runs, C1 only and the serial collector (the launcher's)
#   bench/sync-warm.sh 8 -XX:+UseSerialGC      # the same with C2 (full tiered compilation)
set -euo pipefail
cd "$(dirname "$0")/.."
java=$(scripts/find-java 21)
./mvnw -q -B -DskipFast package dependency:build-classpath \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
exec "$java" -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  dev.pymirror.bench.SyncInOneJvm "$@"
