#!/usr/bin/env bash
# The real pip against a freshly started pymirror, nginx serving the same tree as the yardstick, in
# one run: the time pymirror adds to `pip download` of six applications and their dependencies (32
# generated wheels, about 45 MB), just started with an empty cache, on a second run, and started
# again over the cache it kept (as after a deploy). Run by hand,
# not by CI; needs nginx and Debian's python3 with pip. Appends its table to target/bench/pip-run.md.
#
#   bench/pip-run.sh        # 5 rounds
#   bench/pip-run.sh 9      # 9 rounds
#   PIP_RUN_VARIANTS='old=-XX:AOTCache=old.aot|new=' bench/pip-run.sh   # levers side by side, one run
#   PIP_RUN_LOGS=DIR PYMIRROR_JAVA_OPTS=-Xlog:... bench/pip-run.sh 1   # profiling: server logs kept in DIR
#   PIP_RUN_VARIANTS='std=|pages=' PIP_RUN_PAGES_FIRST=pages bench/pip-run.sh   # the named variants' servers
#       are asked every project's page before pip's fresh run: the fresh run with the pages cached
#   PIP_RUN_UPSTREAM_LATENCY=20 bench/pip-run.sh   # pymirror's upstream answers each request 20 ms late
#   PIP_RUN_VARIANTS='std=|prefetch=' PIP_RUN_PREFETCH=prefetch bench/pip-run.sh   # the named variants'
#       servers run with prefetch-dependencies on (serve --prefetch-dependencies)
#   PIP_RUN_PIP=newest bench/pip-run.sh   # pip 26.2.1 (../shared/clients, in a venv), which reads each
#       wheel's PEP 658 metadata first, instead of Debian's pip 23.0.1
#   PIP_RUN_WARM=20 bench/pip-run.sh   # after the second run, 20 more (untimed), then a timed one: the
#       same server warm, as one that has answered for a while is
#
# See src/test/java/dev/pymirror/bench/PipRunBench.java for what a round does.
set -euo pipefail
cd "$(dirname "$0")/.."
java=$(scripts/find-java 21)
./mvnw -q -B -DskipFast package dependency:build-classpath \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
exec "$java" ${PIP_RUN_LOGS:+"-Dbench.logs=$PIP_RUN_LOGS"} \
  ${PIP_RUN_VARIANTS:+"-Dbench.variants=$PIP_RUN_VARIANTS"} ${PIP_RUN_PAGES_FIRST:+"-Dbench.pagesFirst=$PIP_RUN_PAGES_FIRST"} \
  ${PIP_RUN_UPSTREAM_LATENCY:+"-Dbench.upstreamLatency=$PIP_RUN_UPSTREAM_LATENCY"} \
  ${PIP_RUN_PREFETCH:+"-Dbench.prefetch=$PIP_RUN_PREFETCH"} ${PIP_RUN_PIP:+"-Dbench.pip=$PIP_RUN_PIP"} ${PIP_RUN_WARM:+"-Dbench.warm=$PIP_RUN_WARM"} -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  dev.pymirror.bench.PipRunBench "$@"
