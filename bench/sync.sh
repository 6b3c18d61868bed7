#!/usr/bin/env bash
# pymirror sync against pip download of the same roots for the same target, in one run, from one
# local upstream generated from a workload in ../shared/workloads; prints the medians and the ratio
# and appends them to target/bench/sync.txt.
#
#   bench/sync.sh                # saleor, 3 runs each, the upstream answering at once
#   bench/sync.sh saleor 5 20    # 5 runs each, the upstream answering 20 ms late, as across a network
#   bench/sync.sh saleor 5 0 lock  # sync --lock of the workload's uv.lock against pip download
#                                  # --no-deps --require-hashes of the same pinned files
set -euo pipefail
cd "$(dirname "$0")/.."
java=$(scripts/find-java 21)
./mvnw -q -B -DskipFast package dependency:build-classpath \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
exec "$java" -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  dev.pymirror.bench.SyncVsPipDownload "$@"
